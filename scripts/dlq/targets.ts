/**
 * Where the dead-letter queues are: the local runtime (its GET /_local/resources names the
 * emulator's endpoint, the queues and the log directory) or a deployed stage (its stateful
 * stack's outputs name the queues; credentials and region come from the usual AWS chain).
 */
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SQSClient } from '@aws-sdk/client-sqs';
import { app } from '../../lib/app';
import { queueOutputNames } from '../../lib/queue-outputs';
import type { LocalResources } from '../../local/gateway/local-endpoints';
import { consumerFunctionName } from '../../local/names';
import type { DeadLetterQueueRef } from './queues';
import { moveMessages, runMessageMoveTask, type Progress } from './sqs-queues';

export interface DlqTarget {
  readonly description: string;
  readonly sqs: SQSClient;
  readonly queues: readonly DeadLetterQueueRef[];
  /** Where `<function>.log` files are, when the target keeps them locally. */
  readonly logsDir?: string;
  redrive(queue: DeadLetterQueueRef, progress: Progress): Promise<number>;
  destroy(): void;
}

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
  return {
    description: `the local runtime at ${url}`,
    sqs,
    queues: Object.entries(resources.queues).map(([name, { url: sourceUrl, dlqUrl }]) => ({ name, sourceUrl, dlqUrl, functionName: functionNameOf(name) })),
    logsDir: resources.logsDir,
    redrive: (queue, progress) => moveMessages(sqs, queue.dlqUrl, queue.sourceUrl, progress),
    destroy: () => sqs.destroy(),
  };
};

export const statefulStackName = (stage: string): string => `${app.name}-${stage}-Stateful`;

export const connectStage = async (
  stage: 'dev' | 'prod',
  clients: { cloudFormation?: CloudFormationClient; sqs?: SQSClient } = {},
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
  const queues = app.consumers.map((consumer): DeadLetterQueueRef => {
    const names = queueOutputNames(consumer.name);
    const sourceUrl = outputs.get(names.queue);
    const dlqUrl = outputs.get(names.deadLetterQueue);
    if (!sourceUrl || !dlqUrl) throw new Error(`Stack ${stackName} has no output ${names.queue} or ${names.deadLetterQueue}: deploy this version of the app first.`);
    return { name: consumer.name, sourceUrl, dlqUrl, functionName: consumerFunctionName(consumer) };
  });
  const sqs = clients.sqs ?? new SQSClient({});
  return {
    description: `stage ${stage} (stack ${stackName})`,
    sqs,
    queues,
    redrive: (queue, progress) => runMessageMoveTask(sqs, queue.dlqUrl, queue.sourceUrl, progress),
    destroy: () => {
      if (!clients.sqs) sqs.destroy();
    },
  };
};

export const logFileOf = (target: DlqTarget, queue: DeadLetterQueueRef): string | undefined =>
  target.logsDir === undefined ? undefined : path.join(target.logsDir, `${queue.functionName}.log`);
