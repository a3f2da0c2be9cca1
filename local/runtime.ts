/**
 * The whole application on one machine, wired from lib/app.ts: DynamoDB Local with every table,
 * fauxqs with the topic, queues and subscriptions, one pool of worker threads per function, the
 * stream and queue pollers, and the local API Gateway in front.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { app } from '../lib/app';
import { stageConfig } from '../lib/config';
import { fullPath, socketFunctions, type TableOwner } from '../lib/declaration';
import type { ResourceNames } from '../lib/environment';
import { AuthorizerCache } from './auth/authorizer-cache';
import { loadSigningKey } from './auth/signing-key';
import { issuerOf } from './auth/tokens';
import { lockDataDirectory, type DataDirectory } from './data-dir';
import { startConflictProxy, type ConflictProxy } from './dynamodb/conflict-proxy';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb/dynamodb-local';
import { sharedClasses } from './dynamodb/class-data-sharing';
import { dynamoDbLocalJar, launcherClassDirectory } from './dynamodb/launcher';
import { awaitPreviousDatabaseProcess, forgetDatabaseProcess, recordDatabaseProcess } from './dynamodb/previous-database-process';
import { ensureTables, outboxTables } from './dynamodb/tables';
import { createCheckpoints } from './events/checkpoints';
import { assertSupportedPattern } from './events/filter-pattern';
import { QueuePoller } from './events/queue-poller';
import { StreamPoller } from './events/stream-poller';
import { JobScheduler } from './events/job-scheduler';
import { scheduleOverridesFromEnv } from './events/schedule-overrides';
import { scheduledJobs } from '../lib/scheduled-jobs';
import { buildFunctionCatalog } from './functions/catalog';
import { FunctionPools } from './functions/function-pool';
import { watchFunctions, type Watcher } from './functions/watch';
import { buildLocalBundles, cacheDirectory, localBundles, WORKER_ENTRY, type LocalBundles } from './functions/local-bundles';
import { LOCAL_CONNECTIONS_PATH, LOCAL_JWKS_PATH, type LocalResources, type QueueCounts } from './gateway/local-endpoints';
import { LiveSocket } from './gateway/live-socket';
import { gatewayLimitsFromEnv, routeInstancesFromEnv } from './gateway/limits-from-env';
import { RouteTable } from './gateway/routes';
import { RouteThrottles } from './gateway/route-throttles';
import { startGateway, type Gateway } from './gateway/server';
import { TokenBucket } from './gateway/throttle';
import { createAccessLog } from './gateway/access-log';
import { throttleOverrideFromEnv, UsagePlans } from './gateway/usage-plans';
import { requireJava } from './java';
import { openFunctionLogFiles, teeFunctionLines, type FunctionLogFiles, type RuntimeLog } from './log';
import { startFauxqs, type Fauxqs } from './messaging/fauxqs';
import { openQueueJournal, type QueueJournal } from './messaging/queue-journal';
import { createEventBus, type LocalQueue } from './messaging/topology';
import { LOCAL_REGION, tableName } from './names';
import type { LocalOptions } from './options';
import { localClientConfig } from './sdk';
import { createWebAppServer } from './web/web-app-server';
import { WEB_APP_DIST } from './web/web-build';
import { withLocalWebOrigins } from './web/web-origins';

/** The repository root: handler paths in the declaration are relative to it. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The local runtime runs the dev stage's configuration (log level, throttle, memory). */
const STAGE = 'dev';
/**
 * How long stopping waits for API requests already being handled, then for the pollers' current
 * invocations: the whole tree must be gone within five seconds of Ctrl-C. What is cut short is
 * safe: a consumer's message comes back (and is saved), a relay's shard is not checkpointed.
 */
const GATEWAY_DRAIN_MS = 1_500;
const POLLERS_DRAIN_MS = 1_000;

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
  /** performance.now() when DynamoDB Local first accepted a request (the benchmark's reference point). */
  readonly dynamoDbReadyAt: number;
  stop(): Promise<void>;
}

interface Parts {
  gateway?: Gateway;
  dataDir?: DataDirectory;
  dynamodb?: DynamoDbLocal;
  conflictProxy?: ConflictProxy;
  fauxqs?: Fauxqs;
  pools?: FunctionPools;
  bundles?: LocalBundles;
  watcher?: Watcher;
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
  await step('pollers', () => withDeadline(Promise.all(parts.pollers.map((poller) => poller.stop())).then(() => undefined), POLLERS_DRAIN_MS));
  if (parts.pools) await step('functions', () => parts.pools!.stop());
  parts.logFiles?.close();
  if (parts.fauxqs) {
    parts.journal?.close();
    await step('SNS/SQS', () => parts.fauxqs!.stop());
  }
  for (const client of parts.clients) client.destroy();
  if (parts.watcher) await step('watch', () => parts.watcher!.close());
  if (parts.bundles) await step('esbuild', () => Promise.all([parts.bundles!.functions.dispose(), parts.bundles!.runtime.dispose()]));
  if (parts.conflictProxy) await step('DynamoDB conflict proxy', () => parts.conflictProxy!.close());
  if (parts.dynamodb) await step('DynamoDB Local', () => parts.dynamodb!.stop());
  if (parts.dataDir) forgetDatabaseProcess(parts.dataDir.databaseProcess);
  parts.dataDir?.release();
};

/** Every handler source the declaration names: one bundle each. */
/** Every function's handler: the routes', the consumers', the relay's and the scheduled jobs'. */
const handlerFiles = (): string[] =>
  [
    ...app.routes.map((route) => route.handler),
    ...app.consumers.map((consumer) => consumer.handler),
    ...socketFunctions(app.socket).map((fn) => fn.handler),
    app.relay.handler,
    ...scheduledJobs(app, stageConfig(STAGE)).map((job) => job.handler),
  ].map((handler) => path.resolve(REPOSITORY_ROOT, handler));

const withDeadline = (promise: Promise<void>, ms: number): Promise<void> =>
  Promise.race([promise, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

/** Starts every part; on any failure stops what had started and rethrows. */
export const startLocalRuntime = async (options: LocalOptions, log: RuntimeLog): Promise<LocalRuntime> => {
  const parts: Parts = { pollers: [], queueNames: [], clients: [] };
  let stopping = false;
  try {
    // The port first: a taken port is the most common mistake, and the cheapest to report.
    parts.gateway = await startGateway(options.host, options.port);
    const javaVersion = requireJava();
    assertSupportedPattern(app.relay.filterPattern);
    if (!options.inMemory) parts.dataDir = lockDataDirectory(options.dataDir);
    const dataDir = parts.dataDir;
    if (dataDir) await awaitPreviousDatabaseProcess(dataDir.databaseProcess, dataDir.dynamodb, log);
    const cacheDir = cacheDirectory(REPOSITORY_ROOT);
    const jar = dynamoDbLocalJar();
    const classes = sharedClasses(jar, launcherClassDirectory(jar, cacheDir), javaVersion);
    parts.bundles = localBundles(REPOSITORY_ROOT, handlerFiles(), cacheDir);

    let dynamoDbReadyAt = 0;
    const [dynamodb, fauxqs, signingKey, built] = await Promise.allSettled([
      startDynamoDbLocal(dataDir?.dynamodb, jar, classes).then((started) => {
        dynamoDbReadyAt = performance.now();
        if (dataDir) recordDatabaseProcess(dataDir.databaseProcess, started.pid);
        return started;
      }),
      startFauxqs(),
      loadSigningKey(dataDir?.signingKey),
      buildLocalBundles(parts.bundles),
    ]);
    if (dynamodb.status === 'fulfilled') parts.dynamodb = dynamodb.value;
    if (fauxqs.status === 'fulfilled') parts.fauxqs = fauxqs.value;
    for (const result of [dynamodb, fauxqs, signingKey, built]) if (result.status === 'rejected') throw result.reason;
    const key = (signingKey as PromiseFulfilledResult<Awaited<ReturnType<typeof loadSigningKey>>>).value;
    const bundles = (built as PromiseFulfilledResult<Awaited<ReturnType<typeof buildLocalBundles>>>).value;
    if (!options.watch) {
      // Nothing will be rebuilt: esbuild's service process need not stay.
      await Promise.all([parts.bundles.functions.dispose(), parts.bundles.runtime.dispose()]);
    }
    // Every client of the application (functions, tests, a developer's tools) gets the endpoint
    // with DynamoDB's transaction conflicts; the runtime's own set-up and stream reading, which
    // write nothing transactional, talk to DynamoDB Local directly.
    const ddbDirect = parts.dynamodb!.endpoint;
    if (options.conflictEmulation) parts.conflictProxy = await startConflictProxy({ upstream: ddbDirect });
    const ddbEndpoint = parts.conflictProxy?.endpoint ?? ddbDirect;
    const snsSqsEndpoint = parts.fauxqs!.endpoint;

    const dynamoDb = new DynamoDBClient(localClientConfig(ddbDirect));
    const streams = new DynamoDBStreamsClient(localClientConfig(ddbDirect));
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
    const schedule = scheduleOverridesFromEnv(withLocalWebOrigins(stageConfig(STAGE), parts.gateway.port), process.env);
    const gatewayUrl = `http://${options.host}:${parts.gateway.port}`;
    const names: ResourceNames = {
      tables: tableNames,
      topicArn: bus.topicArn,
      // The socket's functions reach the gateway itself: the Management API's stand-in, and the local sign-in's keys.
      socketConnectionsEndpoint: `${gatewayUrl}${LOCAL_CONNECTIONS_PATH}`,
      idTokens: { issuer: issuerOf(key), audience: key.clientId, jwksUrl: `${gatewayUrl}${LOCAL_JWKS_PATH}` },
    };
    const catalog = buildFunctionCatalog(app, schedule.config, names, { dynamodb: ddbEndpoint, snsSqs: snsSqsEndpoint }, REPOSITORY_ROOT, routeInstancesFromEnv(process.env));
    parts.logFiles = openFunctionLogFiles(path.join(options.logsDir, 'logs'));
    const localBundleSet = parts.bundles;
    const pools = new FunctionPools(catalog.all, teeFunctionLines(parts.logFiles.write, log.functionLine), {
      workerFile: bundles.runtime.bundles.get(WORKER_ENTRY)!.file,
      bundleOf: (fn) => bundles.functions.bundles.get(localBundleSet.entryOf(fn.handlerFile))!.file,
    });
    parts.pools = pools;

    if (options.watch) {
      parts.watcher = await watchFunctions({
        root: REPOSITORY_ROOT,
        directories: ['lambdas', 'lib'].map((directory) => path.join(REPOSITORY_ROOT, directory)),
        functions: localBundleSet.functions,
        initial: bundles.functions,
        pools: pools.list(),
        entryOf: (pool) => localBundleSet.entryOf(pool.fn.handlerFile),
        declaration: path.join(REPOSITORY_ROOT, 'lib/app.ts'),
        log,
      });
    }

    const checkpoints = createCheckpoints(parts.dataDir?.streamCheckpoints);
    for (const table of outboxTables(tables)) {
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

    const socket = app.socket
      ? new LiveSocket({
          path: fullPath(app.socket),
          invoke: (role, event) => pools.get(catalog.socket.get(role)!).invoke(event, {}),
          usagePlans,
          log,
        })
      : undefined;
    parts.gateway.serve({
      socket,
      routes: new RouteTable(app.routes),
      invoke: (route, event, invocation) => pools.get(catalog.routes.get(route.id)!).invoke(event, invocation),
      limits: gatewayLimitsFromEnv(process.env),
      routeThrottles: new RouteThrottles(app, Date.now, throttleOverrideFromEnv(process.env, 'ROUTE_THROTTLE')),
      authorizer: new AuthorizerCache(key),
      // The benchmark (bench/) measures the gateway's own overhead, which the stage throttle would
      // cap: BENCH_STAGE_THROTTLE_RATE and BENCH_STAGE_THROTTLE_BURST raise it for one run.
      throttle: new TokenBucket(
        Number(process.env.BENCH_STAGE_THROTTLE_RATE || stageConfig(STAGE).throttle.rateLimit),
        Number(process.env.BENCH_STAGE_THROTTLE_BURST || stageConfig(STAGE).throttle.burstLimit),
      ),
      usagePlans,
      cors: app.cors && schedule.config.corsAllowOrigins.length > 0 ? { allowOrigins: schedule.config.corsAllowOrigins, declaration: app.cors } : undefined,
      webApp: createWebAppServer({ distDir: WEB_APP_DIST, runtimeUrl: `http://${options.host}:${parts.gateway.port}`, apiKey: usagePlans.keys().web ?? '' }),
      accessLog,
      local: {
        signingKey: key,
        resources,
        functionStats: () => Object.fromEntries(pools.list().map((pool) => [pool.fn.name, pool.stats()])),
        dynamodbConflicts: () => parts.conflictProxy?.counts(),
        connections: socket,
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
      dynamoDbReadyAt,
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
