import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sqsConsumer } from '../../../lambdas/shared/consumer';
import { lambdaContext } from '../http-event';
import { captureOutput, type CapturedOutput } from '../log-lines';
import { envelope, sqsEvent, sqsRecord } from '../notifications/fixtures';
import { OrderConfirmed } from '../../../lambdas/orders/events';
import type { ConsumerContract, EventContract } from '../../../lambdas/shared/contract';
import { UserSignedUp } from '../../../lambdas/users/events';

/** A consumer subscribed to exactly `events`, as a contract would declare it. */
const consumerOf = <const E extends readonly EventContract[]>(...events: E) =>
  ({ handler: 'test.ts', events, access: {}, batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 1, timeoutSeconds: 30, maxReceiveCount: 5 }) satisfies ConsumerContract;

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.POWERTOOLS_SERVICE_NAME = 'notifications';
  process.env.STAGE = 'dev';
});

const signedUp = envelope('UserSignedUp', '01JNB3W5M2ZQ4Y0P9R6S7T8V1A', { userId: 'user-1', name: 'Ada', email: 'ada@example.com' });
const confirmed = envelope('OrderConfirmed', '01JNB3W5M2ZQ4Y0P9R6S7T8V1B', { orderId: 'order-9', userId: 'user-2' });

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

describe('the SQS consumer wrapper', () => {
  it('logs each handled event with its correlation id, type, id and outcome, beside the function context', async () => {
    const consume = sqsConsumer(consumerOf(UserSignedUp, OrderConfirmed), { UserSignedUp: async () => 'applied', OrderConfirmed: async () => 'duplicate' });

    await consume(sqsEvent(sqsRecord('m-1', JSON.stringify(signedUp)), sqsRecord('m-2', JSON.stringify(confirmed))), lambdaContext);

    expect(output.logged('Event handled')).toEqual([
      expect.objectContaining({
        level: 'INFO',
        service: 'notifications',
        function_name: 'test-function',
        function_request_id: 'aws-request-1',
        cold_start: expect.any(Boolean),
        correlationId: signedUp.correlationId,
        eventType: 'UserSignedUp',
        eventId: signedUp.id,
        messageId: 'm-1',
        outcome: 'applied',
      }),
      expect.objectContaining({ correlationId: confirmed.correlationId, eventType: 'OrderConfirmed', eventId: confirmed.id, messageId: 'm-2', outcome: 'duplicate' }),
    ]);
  });

  it('logs a failed event under its own correlation id while the rest of the batch is handled concurrently', async () => {
    const consume = sqsConsumer(consumerOf(UserSignedUp, OrderConfirmed), {
      UserSignedUp: async () => {
        throw new Error('Rate exceeded');
      },
      OrderConfirmed: async () => 'applied',
    });

    const response = await consume(sqsEvent(sqsRecord('m-1', JSON.stringify(signedUp)), sqsRecord('m-2', JSON.stringify(confirmed))), lambdaContext);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(output.logged('Event failed')).toEqual([
      expect.objectContaining({ level: 'ERROR', correlationId: signedUp.correlationId, eventType: 'UserSignedUp', error: expect.objectContaining({ message: 'Rate exceeded' }) }),
    ]);
    expect(output.logged('Event handled')).toEqual([expect.objectContaining({ correlationId: confirmed.correlationId, eventType: 'OrderConfirmed' })]);
  });

  it('counts failures and skipped duplicates in one EMF blob per invocation, under its service and stage', async () => {
    const consume = sqsConsumer(consumerOf(UserSignedUp, OrderConfirmed), { UserSignedUp: async () => 'duplicate', OrderConfirmed: async () => 'applied' });

    await consume(
      sqsEvent(sqsRecord('m-1', JSON.stringify(signedUp)), sqsRecord('m-2', 'not json'), sqsRecord('m-3', JSON.stringify(confirmed))),
      lambdaContext,
    );

    expect(output.metrics()).toEqual({ DuplicatesSkipped: 1, ConsumerFailures: 1 });
    const blobs = output.lines.filter((line) => line._aws);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatchObject({
      service: 'notifications',
      stage: 'dev',
      _aws: { CloudWatchMetrics: [{ Namespace: 'ServerlessGatewayEvents', Dimensions: [['service', 'stage']] }] },
    });
  });

  it('prints no metrics for an invocation that counted nothing', async () => {
    const consume = sqsConsumer(consumerOf(OrderConfirmed), { OrderConfirmed: async () => 'applied' });

    await consume(sqsEvent(sqsRecord('m-1', JSON.stringify(confirmed))), lambdaContext);

    expect(output.lines.filter((line) => line._aws)).toEqual([]);
    expect(output.text()).not.toContain('No application metrics');
  });

  it('says why a message is not an envelope without quoting a byte of it', async () => {
    const consume = sqsConsumer(consumerOf(UserSignedUp), { UserSignedUp: async () => 'applied' });
    const notJson = 'ada@example.com wrote this';
    const wrongShape = JSON.stringify({ ...signedUp, data: { ...signedUp.data, name: 42 } });

    const response = await consume(sqsEvent(sqsRecord('m-1', notJson), sqsRecord('m-2', wrongShape)), lambdaContext);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }]);
    expect(output.logged('Message is not a valid event envelope')).toEqual([
      expect.objectContaining({ messageId: 'm-1', problems: ['The body is not JSON'] }),
      expect.objectContaining({ messageId: 'm-2', problems: [expect.stringMatching(/^name: /)] }),
    ]);
    expect(output.text()).not.toContain('@example.com');
  });
});
