/**
 * The SQS calls behind list, show and redrive. The same code reads a deployed stage and the local
 * emulator; only the redrive differs: AWS runs a message move task, which fauxqs does not
 * implement, so locally the move is done with the same semantics (see moveMessages).
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { RawParkedMessage } from './parked-message';

export type Progress = (moved: number, toMove: number) => void;

/** Visible, in-flight and delayed messages together: everything the queue holds. */
export const countMessages = async (sqs: SQSClient, queueUrl: string): Promise<number> => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'].reduce(
    (sum, name) => sum + Number(Attributes[name as keyof typeof Attributes] ?? 0),
    0,
  );
};

const queueArn = async (sqs: SQSClient, queueUrl: string): Promise<string> => {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  if (!Attributes.QueueArn) throw new Error(`${queueUrl} has no QueueArn.`);
  return Attributes.QueueArn;
};

/**
 * Reads up to `limit` messages without taking them: VisibilityTimeout 0 leaves each visible, so
 * receives repeat messages; they are told apart by id, and reading stops after two receives that
 * bring nothing new (SQS samples a subset of its servers on each receive).
 */
export const peekMessages = async (sqs: SQSClient, queueUrl: string, limit: number): Promise<RawParkedMessage[]> => {
  const seen = new Map<string, RawParkedMessage>();
  let idleReceives = 0;
  while (seen.size < limit && idleReceives < 2) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
    );
    const before = seen.size;
    for (const message of Messages) {
      if (!message.MessageId || seen.has(message.MessageId) || seen.size >= limit) continue;
      seen.set(message.MessageId, {
        messageId: message.MessageId,
        body: message.Body ?? '',
        receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
        sentAt: Number(message.Attributes?.SentTimestamp ?? Date.now()),
      });
    }
    idleReceives = seen.size === before ? idleReceives + 1 : 0;
  }
  return [...seen.values()];
};

/**
 * The local redrive, with a message move task's semantics: the number to move is fixed when it
 * starts (a message that fails again and comes back during the move is not moved twice); each is
 * sent to the destination as a new message (body and attributes kept, receive count reset) and
 * only then deleted from the DLQ, so a crash midway duplicates at worst, which consumers absorb.
 */
export const moveMessages = async (sqs: SQSClient, fromUrl: string, toUrl: string, progress: Progress): Promise<number> => {
  const toMove = await countMessages(sqs, fromUrl);
  let moved = 0;
  let idleReceives = 0;
  progress(moved, toMove);
  while (moved < toMove && idleReceives < 3) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: fromUrl,
        MaxNumberOfMessages: Math.min(10, toMove - moved),
        VisibilityTimeout: 60,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) {
      idleReceives++;
      continue;
    }
    idleReceives = 0;
    const entries = Messages.map((message, index) => ({ Id: `m${index}`, message }));
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: toUrl,
        Entries: entries.map(({ Id, message }) => ({ Id, MessageBody: message.Body ?? '', MessageAttributes: message.MessageAttributes })),
      }),
    );
    const sentIds = new Set((sent.Successful ?? []).map((entry) => entry.Id));
    const done = entries.filter(({ Id }) => sentIds.has(Id));
    if (done.length > 0) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: fromUrl, Entries: done.map(({ Id, message }) => ({ Id, ReceiptHandle: message.ReceiptHandle })) }));
    }
    if ((sent.Failed ?? []).length > 0) throw new Error(`Could not send ${sent.Failed!.length} message(s) back: ${JSON.stringify(sent.Failed)}`);
    moved += done.length;
    progress(moved, toMove);
  }
  return moved;
};

export interface MoveTaskOptions {
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The AWS redrive: StartMessageMoveTask from the DLQ to its source, followed with ListMessageMoveTasks until it ends. */
export const runMessageMoveTask = async (
  sqs: SQSClient,
  fromUrl: string,
  toUrl: string,
  progress: Progress,
  { pollMs = 2000, sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }: MoveTaskOptions = {},
): Promise<number> => {
  const [sourceArn, destinationArn] = await Promise.all([queueArn(sqs, fromUrl), queueArn(sqs, toUrl)]);
  const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }));
  for (;;) {
    const { Results = [] } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 1 }));
    // The newest task comes first: ours, since SQS runs one task per source queue at a time.
    const task = Results[0];
    if (!task) throw new Error(`The message move task ${TaskHandle ?? ''} is not listed for ${sourceArn}.`);
    const moved = task.ApproximateNumberOfMessagesMoved ?? 0;
    progress(moved, task.ApproximateNumberOfMessagesToMove ?? moved);
    if (task.Status === 'COMPLETED') return moved;
    if (task.Status === 'FAILED' || task.Status === 'CANCELLED') {
      throw new Error(`The message move task ${task.Status.toLowerCase()} after ${moved} message(s)${task.FailureReason ? `: ${task.FailureReason}` : ''}.`);
    }
    await sleep(pollMs);
  }
};
