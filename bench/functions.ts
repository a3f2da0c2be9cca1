/**
 * The functions the stack deploys, read from the declaration (lib/app.ts): what the benchmark
 * builds, starts and prices. Relays share one handler, so they are one bundle deployed once per table.
 */
import path from 'node:path';
import { app } from '../lib/app';
import { stageConfig, type StageConfig } from '../lib/config';
import { fullPath, outboxOwners } from '../lib/declaration';
import { repoRoot } from '../lib/paths';
import { consumerIdentity, functionEnvironment, relayIdentity, routeIdentity, type FunctionIdentity, type ResourceNames } from '../lib/environment';
import { consumerFunctionName } from '../local/names';

export type FunctionKind = 'api' | 'consumer' | 'relay';

export interface BenchFunction {
  /** Routes by id, consumers as `<name>Consumer`, the relays as `relay` (as the local runtime names them). */
  readonly name: string;
  readonly kind: FunctionKind;
  /** The handler's source, from the repository root. */
  readonly handler: string;
  /** Absolute path of the source. */
  readonly entry: string;
  /** Configured memory (prod), for Lambda's GB-seconds. */
  readonly memoryMb: number;
  /** How many functions the stack deploys from this bundle (a relay per table). */
  readonly copies: number;
  /** `GET /v1/users/{id}` for routes; the events handled for consumers. */
  readonly label: string;
  /** What its environment is built from (lib/environment.ts), as the stack builds it. */
  readonly identity: FunctionIdentity;
}

/** The stage whose settings are priced and whose environment the functions get: what users run. */
const BENCH_STAGE = 'prod';
export const benchConfig: StageConfig = stageConfig(BENCH_STAGE);

export const benchFunctions = (config: StageConfig = benchConfig): BenchFunction[] => {
  const entry = (handler: string): string => path.join(repoRoot, handler);
  const routes = app.routes.map(
    (route): BenchFunction => ({
      name: route.id,
      kind: 'api',
      handler: route.handler,
      entry: entry(route.handler),
      memoryMb: route.memoryMb ?? config.memoryMb,
      copies: 1,
      label: `${route.method} ${fullPath(route)}`,
      identity: routeIdentity(route, app),
    }),
  );
  const consumers = app.consumers.map(
    (consumer): BenchFunction => ({
      name: consumerFunctionName(consumer),
      kind: 'consumer',
      handler: consumer.handler,
      entry: entry(consumer.handler),
      memoryMb: consumer.memoryMb ?? config.memoryMb,
      copies: 1,
      label: consumer.events.join(', '),
      identity: consumerIdentity(consumer, config),
    }),
  );
  const tables = outboxOwners(app);
  const relay: BenchFunction = {
    name: 'relay',
    kind: 'relay',
    handler: app.relay.handler,
    entry: entry(app.relay.handler),
    memoryMb: app.relay.memoryMb ?? config.memoryMb,
    copies: tables.length,
    label: `outbox inserts of ${tables.join(', ')}`,
    // Each table's relay differs only in the service it names; the first stands for all.
    identity: relayIdentity(tables[0]!),
  };
  return [...routes, ...consumers, relay];
};

/** The environment the stack gives a function (lib/environment.ts), for the given resource names. */
export const deployedEnvironment = (fn: BenchFunction, names: ResourceNames, config: StageConfig = benchConfig): Record<string, string> =>
  functionEnvironment(fn.identity, names, config);
