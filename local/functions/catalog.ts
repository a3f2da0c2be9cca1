/**
 * Every Lambda function of the application, read from the declaration: what it runs, the
 * environment the stack gives it (lib/environment.ts) and its limits. The gateway, the stream
 * pollers and the queue pollers invoke these by name.
 */
import os from 'node:os';
import path from 'node:path';
import { outboxOwners, socketFunctions, type ApplicationDeclaration, type OutboxOwner } from '../../lib/declaration';
import { LAMBDA_NODE_OPTIONS } from '../../lib/bundling';
import type { StageConfig } from '../../lib/config';
import {
  consumerIdentity,
  functionEnvironment,
  relayIdentity,
  routeIdentity,
  socketIdentity,
  type FunctionIdentity,
  type ResourceNames,
} from '../../lib/environment';
import { scheduledJobs } from '../../lib/scheduled-jobs';
import { identityGrant, type FunctionGrant } from '../access/grant';
import { consumerFunctionName, jobFunctionName, LOCAL_REGION, relayFunctionName } from '../names';

export interface LocalFunction {
  readonly name: string;
  /** Absolute path of the TypeScript source exporting `handler`. */
  readonly handlerFile: string;
  /** Exactly what the handler finds in process.env. */
  readonly environment: Readonly<Record<string, string>>;
  /** What its role would allow in AWS: the worker denies every other call, as IAM would. */
  readonly grant: FunctionGrant;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Concurrent invocations (worker threads) at most. */
  readonly maxInstances: number;
}

export interface Endpoints {
  readonly dynamodb: string;
  readonly snsSqs: string;
}

export interface FunctionCatalog {
  readonly routes: ReadonlyMap<string, LocalFunction>;
  /** The socket's authorizer and route functions, by route key (`authorizer`, `$connect`...). */
  readonly socket: ReadonlyMap<string, LocalFunction>;
  readonly consumers: ReadonlyMap<string, LocalFunction>;
  /** One relay per table with an outbox. */
  readonly relays: ReadonlyMap<OutboxOwner, LocalFunction>;
  /** By job name: the outbox sweepers and the services' declared jobs (lib/scheduled-jobs.ts). */
  readonly jobs: ReadonlyMap<string, LocalFunction>;
  readonly all: readonly LocalFunction[];
}

/** What the Lambda runtime itself puts in every function's environment. */
const lambdaRuntimeEnvironment = (name: string, memoryMb: number): Record<string, string> => ({
  AWS_REGION: LOCAL_REGION,
  AWS_DEFAULT_REGION: LOCAL_REGION,
  AWS_LAMBDA_FUNCTION_NAME: name,
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
  AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
  // Powertools reports cold_start only when it knows the sandbox was initialised on demand.
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  TZ: 'UTC',
  // Lambda gives each function its role's temporary credentials; the emulators accept any.
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SESSION_TOKEN: 'local',
  // A Lambda has no ~/.aws: the developer's own profiles must not reach a local handler.
  AWS_CONFIG_FILE: os.devNull,
  AWS_SHARED_CREDENTIALS_FILE: os.devNull,
  // Lambda runs Node 22, where this SDK warning cannot occur; on a Node 20 machine it would only add noise.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

/** Points the AWS SDK at the emulators through the variables it reads itself: handlers never ask "am I local?". */
const endpointEnvironment = (endpoints: Endpoints): Record<string, string> => ({
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
  AWS_ENDPOINT_URL_SNS: endpoints.snsSqs,
  AWS_ENDPOINT_URL_SQS: endpoints.snsSqs,
});

export const buildFunctionCatalog = (
  app: ApplicationDeclaration,
  config: StageConfig,
  names: ResourceNames,
  endpoints: Endpoints,
  rootDir: string,
  /** Concurrent instances of each route's function. */
  routeInstances: number,
): FunctionCatalog => {
  const define = (
    name: string,
    handler: string,
    identity: FunctionIdentity,
    limits: { timeoutSeconds: number; memoryMb: number | undefined; maxInstances: number },
  ): LocalFunction => {
    const memoryMb = limits.memoryMb ?? config.memoryMb;
    return {
      name,
      handlerFile: path.resolve(rootDir, handler),
      environment: {
        ...lambdaRuntimeEnvironment(name, memoryMb),
        ...functionEnvironment(identity, names, config),
        // What the stack's construct adds (lib/constructs/lambda-function.ts): source-mapped stack traces.
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        ...endpointEnvironment(endpoints),
      },
      grant: identityGrant(name, identity, names),
      timeoutSeconds: limits.timeoutSeconds,
      memoryMb,
      maxInstances: limits.maxInstances,
    };
  };

  const routes = new Map(
    app.routes.map((route) => [
      route.id,
      define(route.id, route.handler, routeIdentity(route, app), {
        // The stack's default, so a slow handler times out the same way on both sides.
        timeoutSeconds: route.timeoutSeconds ?? config.routeTimeoutSeconds,
        memoryMb: route.memoryMb,
        maxInstances: routeInstances,
      }),
    ]),
  );
  const socket = new Map(
    socketFunctions(app.socket).map((fn) => [
      fn.role,
      define(fn.id, fn.handler, socketIdentity(fn, config), {
        timeoutSeconds: fn.timeoutSeconds ?? config.routeTimeoutSeconds,
        memoryMb: fn.memoryMb,
        maxInstances: routeInstances,
      }),
    ]),
  );
  const consumers = new Map(
    app.consumers.map((consumer) => [
      consumer.name,
      define(consumerFunctionName(consumer), consumer.handler, consumerIdentity(consumer, config), {
        timeoutSeconds: consumer.timeoutSeconds,
        memoryMb: consumer.memoryMb,
        maxInstances: consumer.maxConcurrency,
      }),
    ]),
  );
  const relays = new Map(
    outboxOwners(app).map((service) => [
      service,
      // One shard per table locally, and Lambda reads a shard with one invocation at a time.
      define(relayFunctionName(service), app.relay.handler, relayIdentity(service), {
        timeoutSeconds: app.relay.timeoutSeconds,
        memoryMb: app.relay.memoryMb,
        maxInstances: 1,
      }),
    ]),
  );
  const jobs = new Map(
    scheduledJobs(app, config).map((job) => [
      job.name,
      define(jobFunctionName(job.name), job.handler, job.identity, { timeoutSeconds: job.timeoutSeconds, memoryMb: job.memoryMb, maxInstances: 1 }),
    ]),
  );
  return {
    routes,
    socket,
    consumers,
    relays,
    jobs,
    all: [...routes.values(), ...socket.values(), ...consumers.values(), ...relays.values(), ...jobs.values()],
  };
};
