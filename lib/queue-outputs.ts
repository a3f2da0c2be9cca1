import { pascal } from './stacks/stage-settings';

/**
 * The stateful stack's outputs naming a consumer's queues: `npm run dlq -- --stage` reads them to
 * find a deployed stage's dead-letter queues and where to redrive them.
 */
export const queueOutputNames = (consumer: string) => ({
  queue: `${pascal(consumer)}ConsumerQueueUrl`,
  deadLetterQueue: `${pascal(consumer)}ConsumerDeadLetterQueueUrl`,
});
