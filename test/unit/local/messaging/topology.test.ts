import { ListSubscriptionsByTopicCommand, SNSClient, GetSubscriptionAttributesCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { app } from '../../../../lib/app';
import { outboxOwners, visibilityTimeoutSeconds } from '../../../../lib/declaration';
import { startFauxqs, type Fauxqs } from '../../../../local/messaging/fauxqs';
import { createEventBus, filterPolicyOf, type EventBus } from '../../../../local/messaging/topology';
import { localClientConfig } from '../../../../local/sdk';

/** The event bus built on a real, embedded fauxqs (a fresh one per test), read back through the SDK. */
describe('the local event bus', () => {
  let fauxqs: Fauxqs;
  let sns: SNSClient;
  let sqs: SQSClient;

  beforeEach(async () => {
    fauxqs = await startFauxqs();
    sns = new SNSClient(localClientConfig(fauxqs.endpoint));
    sqs = new SQSClient(localClientConfig(fauxqs.endpoint));
  });
  afterEach(async () => {
    sns?.destroy();
    sqs?.destroy();
    await fauxqs?.stop();
  });

  const attributesOf = async (url: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};

  const build = (scale: number): Promise<EventBus> => createEventBus(sns, sqs, app, scale);

  it('parks failed stream records for every table with an outbox, and has no relay queue for the live connections table', async () => {
    const bus = await build(1);
    expect([...bus.relayFailures.keys()].sort()).toEqual([...outboxOwners(app)].sort());
    expect([...bus.relayFailures.keys()]).not.toContain('live');
  });

  it('gives every consumer queue the declared visibility timeout and redrive policy at scale 1', async () => {
    const bus = await build(1);
    for (const consumer of app.consumers) {
      const { queue, deadLetterQueue } = bus.consumers.get(consumer.name)!;
      const attributes = await attributesOf(queue.url);
      expect(Number(attributes.VisibilityTimeout)).toBe(visibilityTimeoutSeconds(consumer));
      expect(JSON.parse(attributes.RedrivePolicy!)).toEqual({ deadLetterTargetArn: deadLetterQueue.arn, maxReceiveCount: consumer.maxReceiveCount });
    }
  });

  it('keeps a scaled-down visibility timeout longer than the batching window plus an invocation', async () => {
    const bus = await build(0.005);
    const notifications = app.consumers.find((consumer) => consumer.maxBatchingWindowSeconds > 0)!;
    expect(notifications, 'a consumer with a batching window').toBeDefined();
    for (const consumer of app.consumers) {
      const { queue, visibilityTimeoutSeconds: reported } = bus.consumers.get(consumer.name)!;
      const visibility = Number((await attributesOf(queue.url)).VisibilityTimeout);
      expect(visibility).toBe(reported);
      // Messages wait in flight while the window fills; they must not reappear before the
      // invocation that follows it has had at least a couple of seconds.
      expect(visibility, consumer.name).toBeGreaterThanOrEqual(consumer.maxBatchingWindowSeconds + 2);
      expect(visibility, consumer.name).toBeLessThan(visibilityTimeoutSeconds(consumer));
    }
  });

  it('subscribes every consumer queue with raw delivery and its filter policy on the event type', async () => {
    const bus = await build(1);
    const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: bus.topicArn }));
    for (const consumer of app.consumers) {
      const subscription = Subscriptions.find((candidate) => candidate.Endpoint === bus.consumers.get(consumer.name)!.queue.arn);
      expect(subscription, consumer.name).toBeDefined();
      const { Attributes = {} } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscription!.SubscriptionArn }));
      expect(Attributes.RawMessageDelivery).toBe('true');
      expect(JSON.parse(Attributes.FilterPolicy!)).toEqual(JSON.parse(filterPolicyOf(consumer)));
    }
  });
});
