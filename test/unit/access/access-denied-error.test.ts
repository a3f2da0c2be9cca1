import { describe, expect, it } from 'vitest';
import { AccessDeniedError } from '../../../local/access/access-denied-error';
import { grantOf } from '../../../local/access/grant';

const grant = grantOf('restockProduct', { products: ['GetItem', 'PutItem'] }, { products: 'products' });
const updateProducts = { action: 'dynamodb:UpdateItem', resource: 'products' };

describe('AccessDeniedError', () => {
  it('is shaped like the SDK error AWS answers a call IAM denies', () => {
    const error = new AccessDeniedError(grant, [updateProducts]);

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AccessDeniedException');
    expect(error.$fault).toBe('client');
    expect(error.$metadata).toEqual({ httpStatusCode: 400 });
    expect(error.denied).toEqual([updateProducts]);
    expect(error.stack?.split('\n')[0]).toMatch(/^AccessDeniedException: User: /);
  });

  it("words its message like AWS's, naming the function, the action, the table and what was declared", () => {
    const error = new AccessDeniedError(grant, [updateProducts]);

    expect(error.message).toBe(
      'User: arn:aws:sts::000000000000:assumed-role/restockProduct/local is not authorized to perform: dynamodb:UpdateItem ' +
        'on resource: products because no identity-based policy allows the dynamodb:UpdateItem action ' +
        '(declared for restockProduct: products: GetItem, PutItem)',
    );
  });

  it('names the other denied actions too', () => {
    const error = new AccessDeniedError(grant, [updateProducts, { action: 'dynamodb:DeleteItem', resource: 'products' }]);

    expect(error.message).toContain('dynamodb:UpdateItem action (also denied: dynamodb:DeleteItem on products) (declared for restockProduct:');
  });

  it('lists every declared table and topic', () => {
    const relay = grantOf('ordersRelay', { orders: ['GetItem'], users: ['Query'] }, { orders: 'orders', users: 'users' }, ['arn:aws:sns:us-east-1:000000000000:events']);

    const error = new AccessDeniedError(relay, [updateProducts]);

    expect(error.message).toContain('(declared for ordersRelay: orders: GetItem; users: Query; sns:Publish on arn:aws:sns:us-east-1:000000000000:events)');
  });

  it('says so when nothing was declared', () => {
    const error = new AccessDeniedError(grantOf('getHealth', {}, {}), [updateProducts]);

    expect(error.message).toContain('(declared for getHealth: no table and no topic)');
  });
});
