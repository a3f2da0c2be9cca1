import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand as QueryItemsCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { CreateTopicCommand, DeleteTopicCommand, PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { deniedActions } from '../../../local/access/declared-access';
import { grantOf } from '../../../local/access/grant';
import { callThrough, viaDocumentClient, viaDynamoDbClient, viaSnsClient } from './calls';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:domain-events';
const OTHER_TOPIC = 'arn:aws:sns:us-east-1:000000000000:other';
const key = { pk: 'p#1', sk: 'p#1' };
const rawKey = { pk: { S: 'p#1' }, sk: { S: 'p#1' } };

/** Reads and writes products, reads orders by query and in batches, publishes to the topic. */
const grant = grantOf(
  'placeOrder',
  { products: ['GetItem', 'PutItem'], orders: ['Query', 'BatchGetItem', 'ConditionCheckItem'] },
  { products: 'products-table', orders: 'orders-table' },
  [TOPIC],
);
const denied = (action: string, resource: string) => ({ action, resource });

describe('single-item operations', () => {
  it('allow GetItem on a table that declares it, through either client', () => {
    expect(deniedActions(grant, viaDocumentClient(new GetCommand({ TableName: 'products-table', Key: key })))).toEqual([]);
    expect(deniedActions(grant, viaDynamoDbClient(new GetItemCommand({ TableName: 'products-table', Key: rawKey })))).toEqual([]);
  });

  it('deny GetItem on a table that does not declare it', () => {
    expect(deniedActions(grant, viaDocumentClient(new GetCommand({ TableName: 'orders-table', Key: key })))).toEqual([
      denied('dynamodb:GetItem', 'orders-table'),
    ]);
  });

  it('deny GetItem on a table the function declares nothing on', () => {
    expect(deniedActions(grant, viaDynamoDbClient(new GetItemCommand({ TableName: 'users-table', Key: rawKey })))).toEqual([
      denied('dynamodb:GetItem', 'users-table'),
    ]);
  });

  it('allow PutItem where declared, through either client', () => {
    expect(deniedActions(grant, viaDocumentClient(new PutCommand({ TableName: 'products-table', Item: key })))).toEqual([]);
    expect(deniedActions(grant, viaDynamoDbClient(new PutItemCommand({ TableName: 'products-table', Item: rawKey })))).toEqual([]);
  });

  it('deny UpdateItem where only GetItem and PutItem are declared, through either client', () => {
    const update = { TableName: 'products-table', UpdateExpression: 'SET stock = :s' };

    expect(deniedActions(grant, viaDocumentClient(new UpdateCommand({ ...update, Key: key })))).toEqual([denied('dynamodb:UpdateItem', 'products-table')]);
    expect(deniedActions(grant, viaDynamoDbClient(new UpdateItemCommand({ ...update, Key: rawKey })))).toEqual([
      denied('dynamodb:UpdateItem', 'products-table'),
    ]);
  });

  it('deny DeleteItem where it is not declared, through either client', () => {
    expect(deniedActions(grant, viaDocumentClient(new DeleteCommand({ TableName: 'products-table', Key: key })))).toEqual([
      denied('dynamodb:DeleteItem', 'products-table'),
    ]);
    expect(deniedActions(grant, viaDynamoDbClient(new DeleteItemCommand({ TableName: 'products-table', Key: rawKey })))).toEqual([
      denied('dynamodb:DeleteItem', 'products-table'),
    ]);
  });

  it('judge a table named by its ARN as the table itself', () => {
    const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/products-table';

    expect(deniedActions(grant, viaDocumentClient(new GetCommand({ TableName: arn, Key: key })))).toEqual([]);
    expect(deniedActions(grant, viaDocumentClient(new UpdateCommand({ TableName: arn, Key: key })))).toEqual([
      denied('dynamodb:UpdateItem', 'products-table'),
    ]);
  });
});

describe('queries and scans', () => {
  it('allow a Query on an index as dynamodb:Query on its table', () => {
    const query = { TableName: 'orders-table', IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk' };

    expect(deniedActions(grant, viaDocumentClient(new QueryCommand({ ...query, ExpressionAttributeValues: { ':pk': 'u#1' } })))).toEqual([]);
    expect(deniedActions(grant, viaDynamoDbClient(new QueryItemsCommand({ ...query, ExpressionAttributeValues: { ':pk': { S: 'u#1' } } })))).toEqual([]);
  });

  it('deny a Query on a table that does not declare it, index or not', () => {
    expect(deniedActions(grant, viaDocumentClient(new QueryCommand({ TableName: 'products-table', IndexName: 'gsi1', KeyConditionExpression: 'a = :a' })))).toEqual([
      denied('dynamodb:Query', 'products-table'),
    ]);
  });

  it('deny a Scan, which no function declares', () => {
    expect(deniedActions(grant, viaDynamoDbClient(new ScanCommand({ TableName: 'orders-table' })))).toEqual([denied('dynamodb:Scan', 'orders-table')]);
  });
});

describe('batches', () => {
  it('allow BatchGetItem on every table that declares it', () => {
    const batch = new BatchGetCommand({ RequestItems: { 'orders-table': { Keys: [key] } } });

    expect(deniedActions(grant, viaDocumentClient(batch))).toEqual([]);
  });

  it('deny BatchGetItem on each requested table that does not declare it, even if it declares GetItem', () => {
    const batch = new BatchGetCommand({ RequestItems: { 'orders-table': { Keys: [key] }, 'products-table': { Keys: [key] } } });

    expect(deniedActions(grant, viaDocumentClient(batch))).toEqual([denied('dynamodb:BatchGetItem', 'products-table')]);
  });

  it('deny BatchWriteItem per table, even where PutItem is declared', () => {
    const requests = { 'products-table': [{ PutRequest: { Item: key } }], 'orders-table': [{ DeleteRequest: { Key: key } }] };

    expect(deniedActions(grant, viaDocumentClient(new BatchWriteCommand({ RequestItems: requests })))).toEqual([
      denied('dynamodb:BatchWriteItem', 'products-table'),
      denied('dynamodb:BatchWriteItem', 'orders-table'),
    ]);
    expect(deniedActions(grant, viaDynamoDbClient(new BatchWriteItemCommand({ RequestItems: { 'products-table': [{ PutRequest: { Item: rawKey } }] } })))).toEqual([
      denied('dynamodb:BatchWriteItem', 'products-table'),
    ]);
  });
});

describe('transactions', () => {
  it('allow a TransactWriteItems whose every item is declared on its table', () => {
    const transaction = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: 'products-table', Item: key } },
        { ConditionCheck: { TableName: 'orders-table', Key: key, ConditionExpression: 'attribute_exists(pk)' } },
      ],
    });

    expect(deniedActions(grant, viaDocumentClient(transaction))).toEqual([]);
  });

  it('deny the undeclared Update of a TransactWriteItems that also puts an allowed item', () => {
    const transaction = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: 'products-table', Item: key } },
        { Update: { TableName: 'products-table', Key: key, UpdateExpression: 'SET stock = :s' } },
      ],
    });

    expect(deniedActions(grant, viaDocumentClient(transaction))).toEqual([denied('dynamodb:UpdateItem', 'products-table')]);
  });

  it('need each item action on its own table: Put, Delete and ConditionCheck', () => {
    const transaction = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: 'orders-table', Item: key } },
        { Delete: { TableName: 'products-table', Key: key } },
        { ConditionCheck: { TableName: 'products-table', Key: key, ConditionExpression: 'attribute_exists(pk)' } },
      ],
    });

    expect(deniedActions(grant, viaDocumentClient(transaction))).toEqual([
      denied('dynamodb:PutItem', 'orders-table'),
      denied('dynamodb:DeleteItem', 'products-table'),
      denied('dynamodb:ConditionCheckItem', 'products-table'),
    ]);
  });

  it('name a denied action once however many items need it', () => {
    const update = { TableName: 'products-table', UpdateExpression: 'SET stock = :s' };
    const transaction = new TransactWriteCommand({ TransactItems: [{ Update: { ...update, Key: key } }, { Update: { ...update, Key: { pk: 'p#2', sk: 'p#2' } } }] });

    expect(deniedActions(grant, viaDocumentClient(transaction))).toEqual([denied('dynamodb:UpdateItem', 'products-table')]);
  });

  it('need GetItem on each table a TransactGetItems reads', () => {
    const transaction = new TransactGetCommand({
      TransactItems: [{ Get: { TableName: 'products-table', Key: key } }, { Get: { TableName: 'orders-table', Key: key } }],
    });

    expect(deniedActions(grant, viaDocumentClient(transaction))).toEqual([denied('dynamodb:GetItem', 'orders-table')]);
  });
});

describe('other DynamoDB operations', () => {
  it('are denied, since a function declares item operations only', () => {
    expect(deniedActions(grant, viaDynamoDbClient(new DescribeTableCommand({ TableName: 'products-table' })))).toEqual([
      denied('dynamodb:DescribeTable', 'products-table'),
    ]);
  });
});

describe('SNS', () => {
  it('allows Publish and PublishBatch on the granted topic', () => {
    expect(deniedActions(grant, viaSnsClient(new PublishCommand({ TopicArn: TOPIC, Message: '{}' })))).toEqual([]);
    expect(deniedActions(grant, viaSnsClient(new PublishBatchCommand({ TopicArn: TOPIC, PublishBatchRequestEntries: [{ Id: '1', Message: '{}' }] })))).toEqual([]);
  });

  it('denies sns:Publish, for a batch too, on another topic', () => {
    expect(deniedActions(grant, viaSnsClient(new PublishBatchCommand({ TopicArn: OTHER_TOPIC, PublishBatchRequestEntries: [] })))).toEqual([
      denied('sns:Publish', OTHER_TOPIC),
    ]);
  });

  it('denies Publish to a function that publishes to no topic', () => {
    const tablesOnly = grantOf('createProduct', { products: ['PutItem'] }, { products: 'products-table' });

    expect(deniedActions(tablesOnly, viaSnsClient(new PublishCommand({ TopicArn: TOPIC, Message: '{}' })))).toEqual([denied('sns:Publish', TOPIC)]);
  });

  it('denies any other SNS operation, even on the granted topic', () => {
    expect(deniedActions(grant, viaSnsClient(new DeleteTopicCommand({ TopicArn: TOPIC })))).toEqual([denied('sns:DeleteTopic', TOPIC)]);
    expect(deniedActions(grant, viaSnsClient(new CreateTopicCommand({ Name: 'x' })))).toEqual([denied('sns:CreateTopic', '*')]);
  });
});

describe('other services', () => {
  it('are denied: a function is granted tables and a topic only', () => {
    const send = new SendMessageCommand({ QueueUrl: 'http://localhost/q', MessageBody: '{}' });

    expect(deniedActions(grant, callThrough('SQSClient', send))).toEqual([denied('sqs:SendMessage', '*')]);
  });
});
