import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { PublishBatchCommand } from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setSdkClientHook, withSdkClientHook, type SdkClient } from '../../../lambdas/shared/sdk-client-hook';
import { grantOf } from '../../../local/access/grant';
import { declaredAccessHook, DECLARED_ACCESS_MIDDLEWARE_NAME } from '../../../local/access/guard-middleware';

const guarded = (client: SdkClient): boolean => client.middlewareStack.identify().some((entry) => entry.startsWith(`${DECLARED_ACCESS_MIDDLEWARE_NAME} `));

beforeEach(() => {
  // What the local runtime gives a function: its endpoints (unreachable here), region and credentials.
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', 'http://127.0.0.1:9');
  vi.stubEnv('AWS_ENDPOINT_URL_SNS', 'http://127.0.0.1:9');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
  // The modules under test build their clients when they load: each test loads them afresh.
  vi.resetModules();
});
afterEach(() => {
  setSdkClientHook(undefined);
  vi.unstubAllEnvs();
});

describe('withSdkClientHook', () => {
  it('hands each client built after the hook is set to the hook', () => {
    const handed: SdkClient[] = [];
    setSdkClientHook((client) => handed.push(client));

    const client = withSdkClientHook(new DynamoDBClient({}));

    expect(handed).toEqual([client]);
  });

  it('leaves clients alone when no hook is set, as in Lambda', () => {
    const client = withSdkClientHook(new DynamoDBClient({}));

    expect(guarded(client)).toBe(false);
  });

  it('stops handing clients over once the hook is cleared', () => {
    const handed: SdkClient[] = [];
    setSdkClientHook((client) => handed.push(client));
    setSdkClientHook(undefined);

    withSdkClientHook(new DynamoDBClient({}));

    expect(handed).toEqual([]);
  });
});

describe('the shared clients, loaded after the guard is set as the hook', () => {
  const grant = grantOf('createProduct', { products: ['GetItem'] }, { products: 'products' });

  it('guard the DynamoDB client and, through its stack, the document client', async () => {
    setSdkClientHook(declaredAccessHook(grant));

    const { dynamoDb, documentClient } = await import('../../../lambdas/shared/clients');

    expect(guarded(dynamoDb)).toBe(true);
    await expect(documentClient.send(new PutCommand({ TableName: 'products', Item: { pk: 'p#1', sk: 'p#1' } }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('dynamodb:PutItem on resource: products'),
    });
  });

  it("guard the relay's SNS client", async () => {
    setSdkClientHook(declaredAccessHook(grant));

    const { snsClient } = await import('../../../lambdas/relay/sns-client');

    await expect(snsClient.send(new PublishBatchCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', PublishBatchRequestEntries: [] }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('sns:Publish on resource: arn:aws:sns:us-east-1:000000000000:t'),
    });
  });

  it('are not guarded when loaded without the hook', async () => {
    const { dynamoDb } = await import('../../../lambdas/shared/clients');
    const { snsClient } = await import('../../../lambdas/relay/sns-client');

    expect(guarded(dynamoDb)).toBe(false);
    expect(guarded(snsClient)).toBe(false);
  });
});
