/** The SQS adapter of the relay redrive's pointer queue (relay-redrive.ts's PointerQueuePort). */
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PointerQueuePort, QueuedPointer } from './relay-redrive';
import { countMessages } from './sqs-queues';

export interface SqsPointer extends QueuedPointer {
  readonly receiptHandle: string;
}

/**
 * Long enough for the pointers of one receive to be redriven before any shows again (a window of
 * thousands of events included); the run releases those it leaves parked as soon as it ends.
 */
const HOLD_SECONDS = 15 * 60;

export const sqsPointerQueue = (sqs: SQSClient, queueUrl: string): PointerQueuePort<SqsPointer> => ({
  count: () => countMessages(sqs, queueUrl),
  async receive() {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: HOLD_SECONDS, WaitTimeSeconds: 1 }),
    );
    return Messages.flatMap((message) =>
      message.MessageId && message.ReceiptHandle ? [{ messageId: message.MessageId, receiptHandle: message.ReceiptHandle, body: message.Body ?? '' }] : [],
    );
  },
  async remove(message) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.receiptHandle }));
  },
  async release(message) {
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.receiptHandle, VisibilityTimeout: 0 }));
  },
});
