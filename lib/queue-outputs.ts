import { pascal } from './stacks/stage-settings';

/**
 * The stateful stack's outputs naming a consumer's queues: `npm run dlq -- --stage` reads them to
 * find a deployed stage's dead-letter queues and where to redrive them.
 */
export const queueOutputNames = (consumer: string) => ({
  queue: `${pascal(consumer)}ConsumerQueueUrl`,
  deadLetterQueue: `${pascal(consumer)}ConsumerDeadLetterQueueUrl`,
});

/**
 * The stateful stack's outputs that the redrive of a table's relay on-failure queue reads: the
 * queue holding the parked stream pointers and the table whose outbox items hold the events.
 */
export const relayOutputNames = (service: string) => ({
  failureQueue: `${pascal(service)}RelayFailuresQueueUrl`,
  table: `${pascal(service)}TableName`,
});

/** The domain-events topic the redrive republishes to, as the relay does. */
export const TOPIC_ARN_OUTPUT = 'DomainEventsTopicArn';
