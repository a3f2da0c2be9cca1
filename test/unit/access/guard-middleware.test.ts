import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it, vi } from 'vitest';
import { grantOf } from '../../../local/access/grant';
import { DECLARED_ACCESS_MIDDLEWARE_NAME, guardClient } from '../../../local/access/guard-middleware';

// Nothing listens on the discard port: a call that got past the guard fails to connect instead.
const UNREACHABLE = 'http://127.0.0.1:9';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:domain-events';
const clientConfig = {
  region: 'us-east-1',
  endpoint: UNREACHABLE,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
};
const key = { pk: 'p#1', sk: 'p#1' };

const grant = grantOf('restockProduct', { products: ['GetItem', 'PutItem'] }, { products: 'products' }, [TOPIC]);

const guardedDynamoDb = () => {
  const client = new DynamoDBClient(clientConfig);
  guardClient(client, grant);
  return { client, documents: DynamoDBDocumentClient.from(client) };
};

const accessDenied = (action: string, resource: string) =>
  expect.objectContaining({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: expect.stringContaining(`not authorized to perform: ${action} on resource: ${resource} `),
  });
const connectionRefused = expect.objectContaining({ code: 'ECONNREFUSED' });

describe('the declared-access middleware', () => {
  it('denies an undeclared call of the client before anything is sent', async () => {
    const { client } = guardedDynamoDb();

    await expect(client.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'o#1' } } }))).rejects.toEqual(accessDenied('dynamodb:PutItem', 'orders'));
  });

  it('hands the request handler nothing for a denied call, and the request for an allowed one', async () => {
    const handle = vi.fn(() => Promise.reject(new Error('sent')));
    const client = new DynamoDBClient({ ...clientConfig, requestHandler: { handle } });
    guardClient(client, grant);

    await expect(client.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'o#1' } } }))).rejects.toEqual(accessDenied('dynamodb:PutItem', 'orders'));
    expect(handle).not.toHaveBeenCalled();
    await expect(client.send(new GetItemCommand({ TableName: 'products', Key: { pk: { S: 'p#1' } } }))).rejects.toThrow('sent');
    expect(handle).toHaveBeenCalledOnce();
  });

  it('lets a declared call through to the network', async () => {
    const { client } = guardedDynamoDb();

    await expect(client.send(new GetItemCommand({ TableName: 'products', Key: { pk: { S: 'p#1' } } }))).rejects.toEqual(connectionRefused);
  });

  it('guards the document client built from a guarded client, with the message naming what was declared', async () => {
    const { documents } = guardedDynamoDb();

    const error: unknown = await documents.send(new UpdateCommand({ TableName: 'products', Key: key, UpdateExpression: 'SET stock = :s', ExpressionAttributeValues: { ':s': 1 } })).catch((e: unknown) => e);

    expect(error).toEqual(accessDenied('dynamodb:UpdateItem', 'products'));
    expect((error as Error).message).toContain(`(declared for restockProduct: products: GetItem, PutItem; sns:Publish on ${TOPIC})`);
  });

  it("lets the document client's declared calls through to the network", async () => {
    const { documents } = guardedDynamoDb();

    await expect(documents.send(new GetCommand({ TableName: 'products', Key: key }))).rejects.toEqual(connectionRefused);
  });

  it('denies a transaction that puts an allowed item and updates an undeclared one', async () => {
    const { documents } = guardedDynamoDb();
    const transaction = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: 'products', Item: key } },
        { Update: { TableName: 'products', Key: key, UpdateExpression: 'SET stock = :s', ExpressionAttributeValues: { ':s': 1 } } },
      ],
    });

    await expect(documents.send(transaction)).rejects.toEqual(accessDenied('dynamodb:UpdateItem', 'products'));
  });

  it('guards SNS: publishing to the granted topic goes out, to another is denied', async () => {
    const sns = new SNSClient(clientConfig);
    guardClient(sns, grant);
    const other = 'arn:aws:sns:us-east-1:000000000000:other';

    await expect(sns.send(new PublishBatchCommand({ TopicArn: other, PublishBatchRequestEntries: [{ Id: '1', Message: '{}' }] }))).rejects.toEqual(accessDenied('sns:Publish', other));
    await expect(sns.send(new PublishCommand({ TopicArn: TOPIC, Message: '{}' }))).rejects.toEqual(connectionRefused);
  });

  it('is installed once however often a client is guarded', () => {
    const { client } = guardedDynamoDb();

    guardClient(client, grant);

    expect(client.middlewareStack.identify().filter((entry) => entry.startsWith(`${DECLARED_ACCESS_MIDDLEWARE_NAME} `))).toHaveLength(1);
  });
});
