/**
 * The event bus as the stack builds it, from the declaration: one topic; per consumer a queue with
 * its DLQ (RedrivePolicy with the declared maxReceiveCount, visibility timeout six times the
 * function's timeout) subscribed with raw delivery and the filter policy {type: consumer.events};
 * per relay an on-failure queue. Creating an existing resource with the same settings is a no-op.
 */
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { outboxOwners, visibilityTimeoutSeconds, type ApplicationDeclaration, type ConsumerDeclaration, type OutboxOwner } from '../../lib/declaration';
import { deadLetterQueueName, PARKED_MESSAGE_RETENTION_SECONDS, queueName, relayFailureQueueName, TOPIC_NAME } from '../names';

export interface LocalQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

interface ConsumerQueues {
  readonly queue: LocalQueue;
  readonly deadLetterQueue: LocalQueue;
  readonly visibilityTimeoutSeconds: number;
}

export interface EventBus {
  readonly topicArn: string;
  readonly consumers: ReadonlyMap<string, ConsumerQueues>;
  readonly relayFailures: ReadonlyMap<OutboxOwner, LocalQueue>;
}

/**
 * Lambda refuses to map a queue whose visibility timeout is shorter than the function's timeout:
 * messages would reappear while their batch is still being handled. A scaled-down timeout (tests
 * shorten it so that a failing message reaches its DLQ in seconds) therefore keeps at least the
 * batching window, during which received messages wait in flight, plus time for one invocation,
 * a cold start included. Shorter, a valid message is received again before its batch is done,
 * its deletion misses (a stale receipt handle), and it can reach the DLQ without ever failing.
 */
export const LOCAL_MIN_PROCESSING_SECONDS = 3;

/** The queue's visibility timeout locally: the declared one times `scale`, never below the floor above. */
const localVisibilityTimeoutSeconds = (consumer: ConsumerDeclaration, scale: number): number =>
  Math.max(Math.round(visibilityTimeoutSeconds(consumer) * scale), consumer.maxBatchingWindowSeconds + LOCAL_MIN_PROCESSING_SECONDS);

/** The subscription's filter policy: message attribute `type` is one of the consumer's events. */
export const filterPolicyOf = (consumer: ConsumerDeclaration): string => JSON.stringify({ type: consumer.events });

const createQueue = async (sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<LocalQueue> => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { name, url: QueueUrl!, arn: Attributes!.QueueArn! };
};

export const createEventBus = async (
  sns: SNSClient,
  sqs: SQSClient,
  app: ApplicationDeclaration,
  visibilityTimeoutScale: number,
): Promise<EventBus> => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: TOPIC_NAME }));
  const parked = { MessageRetentionPeriod: String(PARKED_MESSAGE_RETENTION_SECONDS) };

  const consumers = new Map<string, ConsumerQueues>();
  for (const consumer of app.consumers) {
    const deadLetterQueue = await createQueue(sqs, deadLetterQueueName(consumer), parked);
    const visibility = localVisibilityTimeoutSeconds(consumer, visibilityTimeoutScale);
    const queue = await createQueue(sqs, queueName(consumer), {
      VisibilityTimeout: String(visibility),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterQueue.arn, maxReceiveCount: consumer.maxReceiveCount }),
    });
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: { RawMessageDelivery: 'true', FilterPolicyScope: 'MessageAttributes', FilterPolicy: filterPolicyOf(consumer) },
      }),
    );
    consumers.set(consumer.name, { queue, deadLetterQueue, visibilityTimeoutSeconds: visibility });
  }

  const relayFailures = new Map<OutboxOwner, LocalQueue>();
  for (const service of outboxOwners(app)) {
    relayFailures.set(service, await createQueue(sqs, relayFailureQueueName(service), parked));
  }
  return { topicArn: TopicArn!, consumers, relayFailures };
};
