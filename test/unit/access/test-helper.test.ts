import { DynamoDBClient, DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { assertRecordedCallsDeclared, enforceDeclaredAccess, grantOf } from '../declared-access';

const config = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const documents = mockClient(DynamoDBDocumentClient);
const raw = mockClient(DynamoDBClient);
const sns = mockClient(SNSClient);
const key = { pk: 'p#1', sk: 'p#1' };
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:domain-events';

const grant = grantOf('createProduct', { products: ['GetItem', 'PutItem'] }, { products: 'products-table' });

beforeEach(() => {
  documents.reset();
  raw.reset();
  sns.reset();
});

describe('assertRecordedCallsDeclared', () => {
  it('passes when every call the mock recorded was declared', async () => {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient(config));
    await client.send(new GetCommand({ TableName: 'products-table', Key: key }));
    await client.send(new PutCommand({ TableName: 'products-table', Item: key }));

    expect(() => assertRecordedCallsDeclared(documents, grant)).not.toThrow();
  });

  it('fails with the AWS-shaped message when the mock recorded an undeclared operation', async () => {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient(config));
    await client.send(new GetCommand({ TableName: 'products-table', Key: key }));
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'products-table', Item: key } },
          { Update: { TableName: 'products-table', Key: key, UpdateExpression: 'SET stock = :s' } },
        ],
      }),
    );

    expect(() => assertRecordedCallsDeclared(documents, grant)).toThrow(
      'User: arn:aws:sts::000000000000:assumed-role/createProduct/local is not authorized to perform: dynamodb:UpdateItem ' +
        'on resource: products-table because no identity-based policy allows the dynamodb:UpdateItem action ' +
        '(declared for createProduct: products-table: GetItem, PutItem)',
    );
  });

  it('fails with an AccessDeniedException', async () => {
    await DynamoDBDocumentClient.from(new DynamoDBClient(config)).send(new GetCommand({ TableName: 'orders-table', Key: key }));

    expect(() => assertRecordedCallsDeclared(documents, grant)).toThrow(expect.objectContaining({ name: 'AccessDeniedException' }));
  });

  it("judges the base client's commands too", async () => {
    const client = new DynamoDBClient(config);
    await client.send(new GetItemCommand({ TableName: 'products-table', Key: { pk: { S: 'p#1' } } }));
    expect(() => assertRecordedCallsDeclared(raw, grant)).not.toThrow();

    await client.send(new DeleteItemCommand({ TableName: 'products-table', Key: { pk: { S: 'p#1' } } }));
    expect(() => assertRecordedCallsDeclared(raw, grant)).toThrow('not authorized to perform: dynamodb:DeleteItem on resource: products-table');
  });

  it('judges SNS calls against the granted topics', async () => {
    const client = new SNSClient(config);
    await client.send(new PublishBatchCommand({ TopicArn: TOPIC, PublishBatchRequestEntries: [] }));

    expect(() => assertRecordedCallsDeclared(sns, grantOf('ordersRelay', {}, {}, [TOPIC]))).not.toThrow();
    expect(() => assertRecordedCallsDeclared(sns, grant)).toThrow(`not authorized to perform: sns:Publish on resource: ${TOPIC}`);
  });
});

describe('enforceDeclaredAccess', () => {
  // Registered here, it checks this block's test after it ends: a declared call, so it passes.
  enforceDeclaredAccess(documents, grant);

  it('lets a test whose calls were all declared pass', async () => {
    await DynamoDBDocumentClient.from(new DynamoDBClient(config)).send(new GetCommand({ TableName: 'products-table', Key: key }));

    expect(documents.calls()).toHaveLength(1);
  });
});
