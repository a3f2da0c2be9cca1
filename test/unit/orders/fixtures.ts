import { createHash } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import type { Order } from '../../../lambdas/orders/orders';

export type DocumentMock = AwsClientStub<DynamoDBDocumentClient>;
export type RawMock = AwsClientStub<DynamoDBClient>;

export const ORDER_ID = '01JD0000000000000000000001';

export const anOrder = (overrides: Partial<Order> = {}): Order => ({
  id: ORDER_ID,
  userId: 'user-1',
  items: [
    { productId: 'p-1', quantity: 2, unitPriceCents: 500 },
    { productId: 'p-2', quantity: 1, unitPriceCents: 250 },
  ],
  totalCents: 1250,
  status: 'PENDING',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  version: 1,
  ...overrides,
});

/** An order as the table holds it, bookkeeping attributes included. */
export const storedOrder = (order: Order) => ({
  pk: `ORDER#${order.id}`,
  sk: 'ORDER',
  gsi1pk: `USER#${order.userId}`,
  gsi1sk: `ORDER#${order.id}`,
  kind: 'order',
  ...order,
});

export const INTERNAL_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'kind', 'awaitingPk', 'awaitingSince', 'correlationId'];

export const orderKeyGuardPk = (userId: string, key: string): string =>
  `ORDERKEY#${userId}#${createHash('sha256').update(key).digest('hex')}`;

/** What DynamoDB throws when items of a transaction fail, one code per item in the order sent. */
export const transactionCanceled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

// Items as the tests read them back: any attribute may be inspected.
type TransactItem = { Put: { TableName: string; Item: Record<string, any>; ConditionExpression?: string; ExpressionAttributeValues?: Record<string, unknown> } };

export const sentTransactions = (ddb: DocumentMock): TransactItem[][] =>
  ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems as TransactItem[]);

const WRITE_COMMANDS: readonly (abstract new (...args: never[]) => object)[] = [
  TransactWriteCommand,
  PutCommand,
  UpdateCommand,
  DeleteCommand,
  BatchWriteCommand,
  TransactWriteItemsCommand,
  PutItemCommand,
  UpdateItemCommand,
  DeleteItemCommand,
];

/** Asserts that no request wrote anything, through either client. */
export const expectNothingWritten = (ddb: DocumentMock, raw: RawMock): void => {
  const writes = [...ddb.calls(), ...raw.calls()]
    .map((call) => call.args[0] as object)
    .filter((command) => WRITE_COMMANDS.some((write) => command instanceof write));
  expect(writes.map((command) => command.constructor.name)).toEqual([]);
};

type RawItem = Record<string, AttributeValue>;
const keyOf = (item: RawItem): string => `${item.pk?.S}|${item.sk?.S}`;

/**
 * The idempotency records' side of the orders table, as Powertools' DynamoDBPersistenceLayer sees
 * it through the raw DynamoDBClient: a conditional PutItem that fails with the existing item
 * (ReturnValuesOnConditionCheckFailure) unless the record is absent, expired, or an in-flight
 * record whose invocation ran out of time; an UpdateItem of `SET #n = :v, ...`; GetItem; DeleteItem.
 */
export const fakeIdempotencyRecords = (raw: RawMock) => {
  const records = new Map<string, RawItem>();
  let crashBeforeNextUpdate = false;
  const replaceable = (item: RawItem): boolean => {
    const record = unmarshall(item);
    const now = Date.now();
    if (typeof record.expiresAt === 'number' && record.expiresAt < now / 1000) return true;
    return record.status === 'INPROGRESS' && typeof record.in_progress_expiration === 'number' && record.in_progress_expiration < now;
  };
  raw.on(PutItemCommand).callsFake((input: { Item: RawItem }) => {
    const existing = records.get(keyOf(input.Item));
    if (existing && !replaceable(existing)) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: existing });
    }
    records.set(keyOf(input.Item), input.Item);
    return {};
  });
  raw
    .on(UpdateItemCommand)
    .callsFake(
      (input: { Key: RawItem; UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: RawItem }) => {
        if (crashBeforeNextUpdate) {
          crashBeforeNextUpdate = false;
          throw new Error('Task timed out');
        }
        const record: RawItem = { ...(records.get(keyOf(input.Key)) ?? input.Key) };
        for (const assignment of input.UpdateExpression.replace(/^SET /, '').split(', ')) {
          const [name, value] = assignment.split(' = ') as [string, string];
          record[input.ExpressionAttributeNames[name]!] = input.ExpressionAttributeValues[value]!;
        }
        records.set(keyOf(input.Key), record);
        return {};
      },
    );
  raw.on(GetItemCommand).callsFake((input: { Key: RawItem }) => ({ Item: records.get(keyOf(input.Key)) }));
  raw.on(DeleteItemCommand).callsFake((input: { Key: RawItem }) => {
    records.delete(keyOf(input.Key));
    return {};
  });
  return {
    all: () => [...records.values()].map((item) => unmarshall(item)),
    /** The invocation dies after its side effects, before Powertools records the response. */
    crashBeforeNextUpdate: () => {
      crashBeforeNextUpdate = true;
    },
  };
};

export const envelopeBody = (type: string, data: Record<string, unknown>, correlationId = 'corr-from-inventory'): string =>
  JSON.stringify({
    id: `evt-${type}-${String(data.orderId)}`,
    type,
    version: 1,
    source: 'products',
    occurredAt: '2025-01-01T00:00:01.000Z',
    correlationId,
    subject: String(data.orderId),
    data,
  });

export const sqsEvent = (...messages: { messageId: string; body: string }[]): SQSEvent => ({
  Records: messages.map(({ messageId, body }) => ({
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1735689600000',
      SenderId: 'sender',
      ApproximateFirstReceiveTimestamp: '1735689600000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:orders',
    awsRegion: 'eu-west-1',
  })),
});
