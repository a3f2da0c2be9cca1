import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../lambdas/notifications/handlers/consume';
import { lambdaContext } from '../http-event';
import { TABLE, envelope, sqsEvent, sqsRecord } from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { notifications } from '../../../lambdas/notifications/contract';

// Before the handler module loads: it reads its table name once, at cold start.
vi.hoisted(() => {
  process.env.NOTIFICATIONS_TABLE_NAME = 'notifications-test-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

const NOW = '2025-03-01T10:00:05.000Z';

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'notifications', notifications.consumers.notifications);

const signedUp = envelope('UserSignedUp', '01JNB3W5M2ZQ4Y0P9R6S7T8V1A', { userId: 'user-1', name: 'Ada', email: 'ada@example.com' });
const confirmed = envelope('OrderConfirmed', '01JNB3W5M2ZQ4Y0P9R6S7T8V1B', { orderId: 'order-9', userId: 'user-2' });

/** The notification item of each transaction sent (its first item). */
const sentPuts = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems![0]!.Put!);
/** The outbox item of each transaction sent (its second item). */
const sentEvents = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems![1]!.Put!);

const duplicate = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
  });

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(NOW) });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('notifications consumer', () => {
  it("writes each event's notification into its user's partition, once, expiring in 180 days", async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const response = await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(signedUp))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(sentPuts()).toEqual([
      {
        TableName: TABLE,
        Item: {
          pk: 'USER#user-1',
          sk: `NOTIFICATION#${signedUp.id}`,
          kind: 'notification',
          id: signedUp.id,
          userId: 'user-1',
          type: 'UserSignedUp',
          message: 'Welcome, Ada!',
          createdAt: signedUp.occurredAt,
          expiresAt: Math.floor(Date.parse(NOW) / 1000) + 180 * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    ]);
  });

  it('writes a NotificationCreated event about the user into the outbox, in the same transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(confirmed))), lambdaContext);

    const [outbox] = sentEvents();
    expect(outbox).toMatchObject({ TableName: TABLE, ConditionExpression: 'attribute_not_exists(pk)', Item: { kind: 'outbox', type: 'NotificationCreated' } });
    expect(outbox!.Item!.event).toMatchObject({
      type: 'NotificationCreated',
      source: 'notifications',
      subject: 'user-2',
      correlationId: confirmed.correlationId,
      data: { id: confirmed.id, userId: 'user-2', type: 'OrderConfirmed', message: 'Your order order-9 is confirmed.', createdAt: confirmed.occurredAt },
    });
  });

  it('reports exactly the schema-invalid message of a batch and processes the rest', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const invalid = { ...confirmed, id: '01JNB3W5M2ZQ4Y0P9R6S7T8V1C', data: { orderId: 'order-9' } };

    const response = await handler(
      sqsEvent(
        sqsRecord('m-1', JSON.stringify(signedUp)),
        sqsRecord('m-2', JSON.stringify(invalid)),
        sqsRecord('m-3', JSON.stringify(confirmed)),
      ),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(sentPuts().map((put) => put.Item!.sk)).toEqual([`NOTIFICATION#${signedUp.id}`, `NOTIFICATION#${confirmed.id}`]);
  });

  it('reports a message that is not JSON at all, and processes the rest', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const response = await handler(
      sqsEvent(sqsRecord('m-1', 'not json'), sqsRecord('m-2', JSON.stringify(confirmed))),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(sentPuts()).toHaveLength(1);
  });

  it('treats a redelivered event as a duplicate: writes nothing new and reports no failure', async () => {
    ddb.on(TransactWriteCommand).rejects(duplicate());

    const response = await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(confirmed))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(sentPuts()).toEqual([
      expect.objectContaining({ ConditionExpression: 'attribute_not_exists(pk)', Item: expect.objectContaining({ sk: `NOTIFICATION#${confirmed.id}` }) }),
    ]);
    expect(ddb.calls()).toHaveLength(1);
  });

  it('reports a message whose write failed for another reason, so that it is retried', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }))
      .resolves({});

    const response = await handler(
      sqsEvent(sqsRecord('m-1', JSON.stringify(signedUp)), sqsRecord('m-2', JSON.stringify(confirmed))),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });

  it('reports an event type it does not handle instead of dropping it', async () => {
    const placed = envelope('OrderPlaced', '01JNB3W5M2ZQ4Y0P9R6S7T8V1D', {
      orderId: 'order-9',
      userId: 'user-1',
      items: [{ productId: 'p-1', quantity: 1, unitPriceCents: 100 }],
      totalCents: 100,
    });

    const response = await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(placed))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(ddb.calls()).toHaveLength(0);
  });
});
