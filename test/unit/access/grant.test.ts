import { describe, expect, it } from 'vitest';
import { grantOf, identityGrant } from '../../../local/access/grant';

describe('grantOf', () => {
  it('keys the declared operations by physical table name', () => {
    const grant = grantOf('placeOrder', { products: ['BatchGetItem'], orders: ['GetItem', 'PutItem'] }, { products: 'shop-products', orders: 'shop-orders' });

    expect(grant.functionName).toBe('placeOrder');
    expect([...grant.tables]).toEqual([
      ['shop-products', ['BatchGetItem']],
      ['shop-orders', ['GetItem', 'PutItem']],
    ]);
    expect(grant.topicArns).toEqual([]);
  });

  it('leaves out a table declared with no operation, as the stack grants nothing on it', () => {
    const grant = grantOf('getUser', { users: ['GetItem'], orders: [] }, { users: 'shop-users' });

    expect([...grant.tables.keys()]).toEqual(['shop-users']);
  });

  it('fails naming the function and the table when a declared table has no name', () => {
    expect(() => grantOf('getUser', { users: ['GetItem'] }, {})).toThrow('getUser declares access to the users table, but no name is given for that table');
  });
});

describe('identityGrant', () => {
  const names = { tables: { orders: 'shop-orders', products: 'shop-products' }, topicArn: 'arn:aws:sns:us-east-1:000000000000:events' };

  it('grants the topic to a function that publishes', () => {
    const grant = identityGrant('ordersRelay', { access: {}, publishesToTopic: true }, names);

    expect(grant.topicArns).toEqual([names.topicArn]);
    expect(grant.tables.size).toBe(0);
  });

  it('grants no topic to a function that does not publish', () => {
    const grant = identityGrant('getOrder', { access: { orders: ['GetItem'] } }, names);

    expect(grant.topicArns).toEqual([]);
    expect([...grant.tables]).toEqual([['shop-orders', ['GetItem']]]);
  });
});
