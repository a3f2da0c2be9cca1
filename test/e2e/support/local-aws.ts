/**
 * The AWS SDK pointed at the local emulators, as a developer would point it: endpoints and region
 * from GET /_local/resources, dummy credentials. Tests use it only where the API has no door:
 * sending straight to a consumer's queue, reading a DLQ.
 */
import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { LocalResources } from '../../../local/gateway/local-endpoints';
import { eventually, type ApiClient } from './api-client';


export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly dlq: number;
}

export interface LocalAws {
  readonly resources: LocalResources;
  readonly sqs: SQSClient;
  /** Sends the bodies to a queue in one SendMessageBatch (one burst); returns their message ids in order. */
  sendBurst(queueUrl: string, bodies: readonly string[]): Promise<string[]>;
  /** Receives what a queue holds right now (a short poll loop), leaving it to come back after `visibilitySeconds`. */
  peek(queueUrl: string, visibilitySeconds?: number): Promise<Message[]>;
  destroy(): void;
}

export const connectLocalAws = async (api: ApiClient): Promise<LocalAws> => {
  const response = await api.get<LocalResources>('/_local/resources', { apiKey: null });
  if (response.status !== 200) throw new Error(`GET /_local/resources: ${response.status} ${response.text}`);
  const resources = response.body;
  // The SDK warns on Node 20 that it will require Node 22 in 2027: noise in a test run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = {
    region: resources.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  const sqs = new SQSClient({ ...config, endpoint: resources.snsSqsEndpoint });
  return {
    resources,
    sqs,
    async sendBurst(queueUrl, bodies) {
      const ids = bodies.map((_, index) => `m${index}`);
      const { Successful = [], Failed = [] } = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.map((MessageBody, index) => ({ Id: ids[index]!, MessageBody })) }),
      );
      if (Failed.length > 0) throw new Error(`SendMessageBatch failed: ${JSON.stringify(Failed)}`);
      return ids.map((id) => Successful.find((entry) => entry.Id === id)!.MessageId!);
    },
    async peek(queueUrl, visibilitySeconds = 0) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: visibilitySeconds,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      return Messages;
    },
    destroy() {
      sqs.destroy();
    },
  };
};

/** GET /_local/queues, for one consumer's queue. */
export const queueCounts = async (api: ApiClient, consumer: string): Promise<QueueCounts> => {
  const response = await api.get<{ queues: Record<string, QueueCounts> }>('/_local/queues', { apiKey: null });
  if (response.status !== 200) throw new Error(`GET /_local/queues: ${response.status} ${response.text}`);
  const counts = response.body.queues[consumer];
  if (!counts) throw new Error(`GET /_local/queues has no queue named ${consumer}: ${response.text}`);
  return counts;
};

/**
 * Every message a consumer's DLQ holds, read without taking any (visibility 0): peeks until as many
 * distinct messages have been seen as GET /_local/queues counts there, since one receive may bring
 * only some of them, or none on a busy machine. A file on a runtime that other files used tells its
 * own messages apart among them (by message id, or an id in the body), including that one of its
 * messages is not there. The emulator brings the same first ten on every receive: on a DLQ that
 * holds more, this times out rather than answer with some of them.
 */
export const parkedMessages = async (aws: LocalAws, api: ApiClient, consumer: string, timeoutMs = 15_000): Promise<Message[]> => {
  const dlqUrl = aws.resources.queues[consumer]?.dlqUrl;
  if (!dlqUrl) throw new Error(`GET /_local/resources has no DLQ for ${consumer}`);
  const seen = new Map<string, Message>();
  const { messages } = await eventually(
    async () => {
      const counted = (await queueCounts(api, consumer)).dlq;
      // An empty DLQ would hold the receive for its whole wait (a long poll): none to read.
      if (counted > 0) for (const message of await aws.peek(dlqUrl)) seen.set(message.MessageId!, message);
      return { counted, messages: [...seen.values()] };
    },
    ({ counted, messages }) => messages.length >= counted,
    { timeoutMs, what: `every message on the ${consumer} DLQ to be read` },
  );
  return messages;
};
