/**
 * Lambda's event source mapping for one consumer's SQS queue, with ReportBatchItemFailures:
 *
 * - up to maxConcurrency pollers, each long-polling and invoking the consumer with batches of up
 *   to batchSize, gathered for at most maxBatchingWindowSeconds (0: invoke with what arrived);
 * - on success only the messages not listed in batchItemFailures are deleted; on a function
 *   error none are. What is left becomes visible again after the queue's visibility timeout, and
 *   SQS (fauxqs's RedrivePolicy) moves it to the DLQ once it has been received maxReceiveCount times.
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { ConsumerDeclaration } from '../../lib/declaration';
import type { FunctionPool } from '../functions/function-pool';
import type { RuntimeLog } from '../log';
import type { LocalQueue } from '../messaging/topology';
import { LOCAL_REGION } from '../names';
import { readBatchResponse } from './batch-response';
import { sleep } from './sleep';

/** Long polls are kept short so that stopping takes at most a second; a message still wakes a poll at once. */
const LONG_POLL_SECONDS = 1;
const ERROR_BACKOFF_MS = 1_000;
/** The most messages one ReceiveMessage call returns. */
const SQS_RECEIVE_LIMIT = 10;

export interface QueuePollerDeps {
  readonly consumer: ConsumerDeclaration;
  readonly queue: LocalQueue;
  readonly pool: FunctionPool;
  readonly sqs: SQSClient;
  readonly log: RuntimeLog;
}

const toSqsRecord = (message: Message, queue: LocalQueue): SQSRecord => {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSMessageAttributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      {
        dataType: value.DataType ?? 'String',
        stringValue: value.StringValue,
        binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
        stringListValues: value.StringListValues ?? [],
        binaryListValues: (value.BinaryListValues ?? []).map((bytes) => Buffer.from(bytes).toString('base64')),
      },
    ]),
  );
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? '000000000000',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: LOCAL_REGION,
  };
};

export class QueuePoller {
  private readonly abort = new AbortController();
  private pollers: Promise<void>[] = [];

  constructor(private readonly deps: QueuePollerDeps) {}

  start(): void {
    this.pollers = Array.from({ length: this.deps.consumer.maxConcurrency }, () => this.poll());
  }

  /** Stops receiving; batches already received are still handed to the consumer. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.pollers);
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      try {
        const batch = await this.gather();
        if (batch.length > 0) await this.process(batch);
      } catch (error) {
        if (this.stopping) return;
        this.deps.log.warn(`${this.deps.pool.fn.name}: polling ${this.deps.queue.name} failed: ${(error as Error).message}`);
        await sleep(ERROR_BACKOFF_MS, this.abort.signal);
      }
    }
  }

  /** One batch: what the first poll returns, topped up until batchSize or the batching window closes. */
  private async gather(): Promise<Message[]> {
    const { consumer, queue, sqs } = this.deps;
    const windowMs = consumer.maxBatchingWindowSeconds * 1000;
    const batch: Message[] = [];
    let firstAt: number | undefined;
    while (batch.length < consumer.batchSize && !this.stopping) {
      const remainingMs = firstAt === undefined ? Infinity : windowMs - (Date.now() - firstAt);
      if (remainingMs <= 0) break;
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: Math.min(SQS_RECEIVE_LIMIT, consumer.batchSize - batch.length),
          WaitTimeSeconds: remainingMs >= LONG_POLL_SECONDS * 1000 ? LONG_POLL_SECONDS : 0,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length > 0) {
        firstAt ??= Date.now();
        batch.push(...Messages);
      } else if (firstAt !== undefined) {
        await sleep(Math.min(remainingMs, 50), this.abort.signal);
      }
      if (firstAt !== undefined && windowMs === 0) break;
    }
    return batch;
  }

  private async process(messages: Message[]): Promise<void> {
    const { pool, queue, sqs, log } = this.deps;
    const result = await pool.invoke({ Records: messages.map((message) => toSqsRecord(message, queue)) });
    let done: Message[] = [];
    if (result.ok) {
      const outcome = readBatchResponse(result.value, messages.map((message) => message.MessageId!));
      if (outcome.kind === 'success') done = messages;
      else if (outcome.kind === 'partial') done = messages.filter((message) => !outcome.failed.has(message.MessageId!));
      else log.warn(`${pool.fn.name}: the batch response named messages that were not in the batch; the whole batch will be retried`);
    } else {
      log.warn(`${pool.fn.name}: ${result.error.errorType}: ${result.error.errorMessage}; the batch will be retried`);
    }
    for (let i = 0; i < done.length; i += SQS_RECEIVE_LIMIT) {
      const entries = done.slice(i, i + SQS_RECEIVE_LIMIT).map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! }));
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: entries }));
    }
  }
}
