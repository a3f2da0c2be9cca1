/**
 * The whole application on one machine, wired from lib/app.ts: DynamoDB Local with every table,
 * fauxqs with the topic, queues and subscriptions, one pool of worker threads per function, the
 * stream and queue pollers, and the local API Gateway in front.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { app } from '../lib/app';
import { stageConfig } from '../lib/config';
import type { TableOwner } from '../lib/declaration';
import { AuthorizerCache } from './auth/authorizer-cache';
import { loadSigningKey } from './auth/signing-key';
import { lockDataDirectory, type DataDirectory } from './data-dir';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb/dynamodb-local';
import { ensureTables } from './dynamodb/tables';
import { createCheckpoints } from './events/checkpoints';
import { assertSupportedPattern } from './events/filter-pattern';
import { QueuePoller } from './events/queue-poller';
import { StreamPoller } from './events/stream-poller';
import { JobScheduler } from './events/job-scheduler';
import { scheduleOverridesFromEnv } from './events/schedule-overrides';
import { scheduledJobs } from '../lib/scheduled-jobs';
import { buildFunctionCatalog } from './functions/catalog';
import { FunctionPools } from './functions/function-pool';
import type { LocalResources, QueueCounts } from './gateway/local-endpoints';
import { RouteTable } from './gateway/routes';
import { startGateway, type Gateway } from './gateway/server';
import { TokenBucket } from './gateway/throttle';
import { createAccessLog } from './gateway/access-log';
import { RequestValidation } from './gateway/request-validation';
import { throttleOverrideFromEnv, UsagePlans } from './gateway/usage-plans';
import { requireJava } from './java';
import { openFunctionLogFiles, teeFunctionLines, type FunctionLogFiles, type RuntimeLog } from './log';
import { startFauxqs, type Fauxqs } from './messaging/fauxqs';
import { openQueueJournal, type QueueJournal } from './messaging/queue-journal';
import { createEventBus, type LocalQueue } from './messaging/topology';
import { LOCAL_REGION, tableName } from './names';
import type { LocalOptions } from './options';
import { localClientConfig } from './sdk';

/** The repository root: handler paths in the declaration are relative to it. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The local runtime runs the dev stage's configuration (log level, throttle, memory). */
const STAGE = 'dev';
/** How long stopping waits for API requests already being handled. */
const GATEWAY_DRAIN_MS = 10_000;

export interface LocalRuntime {
  readonly url: string;
  readonly functionCount: number;
  /** Each client app's API key, by app. */
  readonly apiKeys: Record<string, string>;
  readonly accessLogFile: string;
  /** Where each function's log lines go, one `<function>.log` per function. */
  readonly logsDir: string;
  /** Settles if the runtime can no longer work (DynamoDB Local died), with the reason. */
  readonly failed: Promise<string>;
  stop(): Promise<void>;
}

interface Parts {
  gateway?: Gateway;
  dataDir?: DataDirectory;
  dynamodb?: DynamoDbLocal;
  fauxqs?: Fauxqs;
  pools?: FunctionPools;
  logFiles?: FunctionLogFiles;
  pollers: { stop(): Promise<void> }[];
  queueNames: string[];
  journal?: QueueJournal;
  clients: { destroy(): void }[];
}

/** Stops what has started, in the order that loses nothing: no new requests, no new events, then the emulators. */
const stopParts = async (parts: Parts, options: LocalOptions, log: RuntimeLog): Promise<void> => {
  const step = async (what: string, action: () => Promise<unknown> | unknown): Promise<void> => {
    try {
      await action();
    } catch (error) {
      log.warn(`While stopping (${what}): ${(error as Error).message}`);
    }
  };
  if (parts.gateway) await step('gateway', () => withDeadline(parts.gateway!.close(), GATEWAY_DRAIN_MS));
  await step('pollers', () => Promise.all(parts.pollers.map((poller) => poller.stop())));
  if (parts.pools) await step('functions', () => parts.pools!.stop());
  parts.logFiles?.close();
  if (parts.fauxqs) {
    parts.journal?.close();
    await step('SNS/SQS', () => parts.fauxqs!.stop());
  }
  for (const client of parts.clients) client.destroy();
  if (parts.dynamodb) await step('DynamoDB Local', () => parts.dynamodb!.stop());
  parts.dataDir?.release();
};

const withDeadline = (promise: Promise<void>, ms: number): Promise<void> =>
  Promise.race([promise, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

/** Starts every part; on any failure stops what had started and rethrows. */
export const startLocalRuntime = async (options: LocalOptions, log: RuntimeLog): Promise<LocalRuntime> => {
  const parts: Parts = { pollers: [], queueNames: [], clients: [] };
  let stopping = false;
  try {
    // The port first: a taken port is the most common mistake, and the cheapest to report.
    parts.gateway = await startGateway(options.host, options.port);
    requireJava();
    assertSupportedPattern(app.relay.filterPattern);
    if (!options.inMemory) parts.dataDir = lockDataDirectory(options.dataDir);

    const [dynamodb, fauxqs, signingKey] = await Promise.allSettled([
      startDynamoDbLocal(parts.dataDir?.dynamodb),
      startFauxqs(),
      loadSigningKey(parts.dataDir?.signingKey),
    ]);
    if (dynamodb.status === 'fulfilled') parts.dynamodb = dynamodb.value;
    if (fauxqs.status === 'fulfilled') parts.fauxqs = fauxqs.value;
    for (const result of [dynamodb, fauxqs, signingKey]) if (result.status === 'rejected') throw result.reason;
    const key = (signingKey as PromiseFulfilledResult<Awaited<ReturnType<typeof loadSigningKey>>>).value;
    const ddbEndpoint = parts.dynamodb!.endpoint;
    const snsSqsEndpoint = parts.fauxqs!.endpoint;

    const dynamoDb = new DynamoDBClient(localClientConfig(ddbEndpoint));
    const streams = new DynamoDBStreamsClient(localClientConfig(ddbEndpoint));
    const sns = new SNSClient(localClientConfig(snsSqsEndpoint));
    const sqs = new SQSClient(localClientConfig(snsSqsEndpoint));
    parts.clients.push(dynamoDb, streams, sns, sqs);

    const [tables, bus] = await Promise.all([
      ensureTables(dynamoDb, app.tables, tableName),
      createEventBus(sns, sqs, app, options.visibilityTimeoutScale),
    ]);
    parts.queueNames = [
      ...[...bus.consumers.values()].flatMap(({ queue, deadLetterQueue }) => [queue.name, deadLetterQueue.name]),
      ...[...bus.relayFailures.values()].map((queue) => queue.name),
    ];
    if (parts.dataDir) {
      parts.journal = openQueueJournal(parts.fauxqs!.sqsStore, parts.queueNames, parts.dataDir.queueJournal);
      if (parts.journal.restored > 0) log.info(`Restored ${parts.journal.restored} queued message(s) from the last run.`);
    }

    const tableNames = Object.fromEntries(tables.map((table) => [table.service, table.name])) as Record<TableOwner, string>;
    const schedule = scheduleOverridesFromEnv(stageConfig(STAGE), process.env);
    const catalog = buildFunctionCatalog(app, schedule.config, { tables: tableNames, topicArn: bus.topicArn }, { dynamodb: ddbEndpoint, snsSqs: snsSqsEndpoint }, REPOSITORY_ROOT);
    parts.logFiles = openFunctionLogFiles(path.join(options.logsDir, 'logs'));
    const pools = new FunctionPools(catalog.all, teeFunctionLines(parts.logFiles.write, log.functionLine));
    parts.pools = pools;

    const checkpoints = createCheckpoints(parts.dataDir?.streamCheckpoints);
    for (const table of tables) {
      parts.pollers.push(
        new StreamPoller({
          table,
          relay: app.relay,
          pool: pools.get(catalog.relays.get(table.service)!),
          streams,
          sqs,
          onFailureQueue: bus.relayFailures.get(table.service)!,
          checkpoints,
          log,
        }),
      );
    }
    for (const consumer of app.consumers) {
      parts.pollers.push(new QueuePoller({ consumer, queue: bus.consumers.get(consumer.name)!.queue, pool: pools.get(catalog.consumers.get(consumer.name)!), sqs, log }));
    }
    for (const poller of parts.pollers) (poller as StreamPoller | QueuePoller).start();
    const scheduler = new JobScheduler(
      scheduledJobs(app, schedule.config).map((job) => ({ name: job.name, pool: pools.get(catalog.jobs.get(job.name)!), everyMs: schedule.everyMs(job) })),
      log,
    );
    scheduler.start();
    parts.pollers.push(scheduler);

    const counts = async (queue: LocalQueue): Promise<QueueCounts & { delayed: number }> => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
        }),
      );
      return {
        visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
        delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
      };
    };
    const usagePlans = new UsagePlans(app.clientApps ?? {}, throttleOverrideFromEnv(process.env));
    const accessLog = createAccessLog(path.join(options.logsDir, 'access.log'), options.quiet ? undefined : (line) => log.info(line));
    const resources: LocalResources = {
      dynamodbEndpoint: ddbEndpoint,
      snsSqsEndpoint,
      region: LOCAL_REGION,
      tables: tableNames,
      topicArn: bus.topicArn,
      queues: Object.fromEntries([...bus.consumers].map(([name, queues]) => [name, { url: queues.queue.url, dlqUrl: queues.deadLetterQueue.url }])),
      relayFailureQueues: Object.fromEntries([...bus.relayFailures].map(([service, queue]) => [service, queue.url])),
      apiKeys: usagePlans.keys(),
      accessLog: accessLog.file,
      logsDir: parts.logFiles.dir,
    };

    parts.gateway.serve({
      routes: new RouteTable(app.routes),
      invoke: (route, event) => pools.get(catalog.routes.get(route.id)!).invoke(event),
      authorizer: new AuthorizerCache(key),
      // The benchmark (bench/) measures the gateway's own overhead, which the stage throttle would
      // cap: BENCH_STAGE_THROTTLE_RATE and BENCH_STAGE_THROTTLE_BURST raise it for one run.
      throttle: new TokenBucket(
        Number(process.env.BENCH_STAGE_THROTTLE_RATE || stageConfig(STAGE).throttle.rateLimit),
        Number(process.env.BENCH_STAGE_THROTTLE_BURST || stageConfig(STAGE).throttle.burstLimit),
      ),
      usagePlans,
      validation: new RequestValidation(app.routes),
      cors: app.cors && stageConfig(STAGE).corsAllowOrigins.length > 0 ? { allowOrigins: stageConfig(STAGE).corsAllowOrigins, declaration: app.cors } : undefined,
      accessLog,
      local: {
        signingKey: key,
        resources,
        queueCounts: async () => {
          const queues: Record<string, QueueCounts & { dlq: number }> = {};
          for (const [name, { queue, deadLetterQueue }] of bus.consumers) {
            const [main, dlq] = await Promise.all([counts(queue), counts(deadLetterQueue)]);
            queues[name] = { visible: main.visible + main.delayed, inFlight: main.inFlight, dlq: dlq.visible + dlq.inFlight + dlq.delayed };
          }
          const relayFailures: Record<string, QueueCounts> = {};
          for (const [service, queue] of bus.relayFailures) {
            const { visible, inFlight, delayed } = await counts(queue);
            relayFailures[service] = { visible: visible + delayed, inFlight };
          }
          return { queues, relayFailures };
        },
      },
      log,
    });

    const failed = parts.dynamodb!.exited.then((code) => (stopping ? new Promise<string>(() => undefined) : `DynamoDB Local exited unexpectedly (code ${code}).`));
    return {
      url: `http://${options.host}:${parts.gateway.port}`,
      functionCount: catalog.all.length,
      apiKeys: usagePlans.keys(),
      accessLogFile: accessLog.file,
      logsDir: parts.logFiles.dir,
      failed,
      stop: async () => {
        stopping = true;
        await stopParts(parts, options, log);
      },
    };
  } catch (error) {
    stopping = true;
    await stopParts(parts, options, log);
    throw error;
  }
};
