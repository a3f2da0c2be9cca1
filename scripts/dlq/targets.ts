/**
 * Where the dead-letter queues are: the local runtime (its GET /_local/resources names the
 * emulator's endpoint, the queues and the log directory) or a deployed stage (its stateful
 * stack's outputs name the queues; credentials and region come from the usual AWS chain).
 */
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { app } from '../../lib/app';
import { outboxOwners, type OutboxOwner } from '../../lib/declaration';
import { queueOutputNames, relayOutputNames, TOPIC_ARN_OUTPUT } from '../../lib/queue-outputs';
import type { LocalResources } from '../../local/gateway/local-endpoints';
import { consumerFunctionName, relayFailureQueueName } from '../../local/names';
import { dynamoDbOutbox } from './outbox-reader';
import type { DeadLetterQueueRef, RelayFailureQueueRef } from './queues';
import type { OutboxPort, RepublishPort } from './relay-redrive';
import { relayRepublisher } from './relay-republisher';
import { moveMessages, runMessageMoveTask, type Progress } from './sqs-queues';

export interface DlqTarget {
  readonly description: string;
  readonly sqs: SQSClient;
  readonly queues: readonly DeadLetterQueueRef[];
  /** Each table's relay on-failure queue. */
  readonly relayQueues: readonly RelayFailureQueueRef[];
  /** The tables' outbox items, where a relay redrive reads the events. */
  readonly outbox: OutboxPort;
  /** Where `<function>.log` files are, when the target keeps them locally. */
  readonly logsDir?: string;
  redrive(queue: DeadLetterQueueRef, progress: Progress): Promise<number>;
  /** The relay's publishing code, pointed at this target (loaded on first use). */
  republisher(): Promise<RepublishPort>;
  destroy(): void;
}

const documentClient = (client: DynamoDBClient): DynamoDBDocumentClient => DynamoDBDocumentClient.from(client);

const functionNameOf = (name: string): string => {
  const consumer = app.consumers.find((candidate) => candidate.name === name);
  return consumer ? consumerFunctionName(consumer) : `${name}Consumer`;
};

export const connectLocal = async (url: string, fetchImpl: typeof fetch = fetch): Promise<DlqTarget> => {
  let response: Response;
  try {
    response = await fetchImpl(`${url}/_local/resources`);
  } catch (error) {
    throw new Error(`No local runtime answers at ${url} (${(error as Error).message}). Start it with npm start, or give --url or --stage.`);
  }
  if (!response.ok) throw new Error(`GET ${url}/_local/resources answered ${response.status}: is this the local runtime?`);
  const resources = (await response.json()) as LocalResources;
  const sqs = new SQSClient({
    region: resources.region,
    endpoint: resources.snsSqsEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const dynamoDb = new DynamoDBClient({
    region: resources.region,
    endpoint: resources.dynamodbEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    description: `the local runtime at ${url}`,
    sqs,
    queues: Object.entries(resources.queues).map(([name, { url: sourceUrl, dlqUrl }]) => ({ name, sourceUrl, dlqUrl, functionName: functionNameOf(name) })),
    relayQueues: Object.entries(resources.relayFailureQueues).map(([service, queueUrl]) => ({
      name: relayFailureQueueName(service as OutboxOwner),
      service,
      url: queueUrl,
      tableName: resources.tables[service] ?? service,
    })),
    outbox: dynamoDbOutbox(documentClient(dynamoDb)),
    logsDir: resources.logsDir,
    redrive: (queue, progress) => moveMessages(sqs, queue.dlqUrl, queue.sourceUrl, progress),
    republisher: () =>
      relayRepublisher({ topicArn: resources.topicArn, local: { dynamodbEndpoint: resources.dynamodbEndpoint, snsEndpoint: resources.snsSqsEndpoint, region: resources.region } }),
    destroy: () => {
      sqs.destroy();
      dynamoDb.destroy();
    },
  };
};

export const statefulStackName = (stage: string): string => `${app.name}-${stage}-Stateful`;

export const connectStage = async (
  stage: 'dev' | 'prod',
  clients: { cloudFormation?: CloudFormationClient; sqs?: SQSClient; dynamoDb?: DynamoDBClient } = {},
): Promise<DlqTarget> => {
  const cloudFormation = clients.cloudFormation ?? new CloudFormationClient({});
  const stackName = statefulStackName(stage);
  let outputs: Map<string, string>;
  try {
    const { Stacks = [] } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = new Map((Stacks[0]?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
  } finally {
    if (!clients.cloudFormation) cloudFormation.destroy();
  }
  const output = (name: string): string => {
    const value = outputs.get(name);
    if (!value) throw new Error(`Stack ${stackName} has no output ${name}: deploy this version of the app first.`);
    return value;
  };
  const queues = app.consumers.map((consumer): DeadLetterQueueRef => {
    const names = queueOutputNames(consumer.name);
    return { name: consumer.name, sourceUrl: output(names.queue), dlqUrl: output(names.deadLetterQueue), functionName: consumerFunctionName(consumer) };
  });
  const relayQueues = outboxOwners(app).map((service): RelayFailureQueueRef => {
    const names = relayOutputNames(service);
    return { name: relayFailureQueueName(service), service, url: output(names.failureQueue), tableName: output(names.table) };
  });
  const topicArn = output(TOPIC_ARN_OUTPUT);
  const sqs = clients.sqs ?? new SQSClient({});
  const dynamoDb = clients.dynamoDb ?? new DynamoDBClient({});
  return {
    description: `stage ${stage} (stack ${stackName})`,
    sqs,
    queues,
    relayQueues,
    outbox: dynamoDbOutbox(documentClient(dynamoDb)),
    redrive: (queue, progress) => runMessageMoveTask(sqs, queue.dlqUrl, queue.sourceUrl, progress),
    republisher: () => relayRepublisher({ topicArn }),
    destroy: () => {
      if (!clients.sqs) sqs.destroy();
      if (!clients.dynamoDb) dynamoDb.destroy();
    },
  };
};

export const logFileOf = (target: DlqTarget, queue: DeadLetterQueueRef): string | undefined =>
  target.logsDir === undefined ? undefined : path.join(target.logsDir, `${queue.functionName}.log`);
