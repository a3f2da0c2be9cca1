/**
 * What one request or one event costs, from the end-to-end run's measured invocations: the
 * figures the cost model multiplies by traffic.
 */
import { summarize } from '../stats';
import type { CapacityRun, MeasuredCost, MeasuredInvocation } from './run';

/** `durationMs` is the median against DynamoDB Local, the first run of the story left out when there are others. */
export interface MeasuredPath extends MeasuredCost {
  /** A route's scenario (`placeOrder`), or `<event> -> <consumer function>`. */
  readonly key: string;
  readonly function: string;
  /** Route id for requests, event type for deliveries. */
  readonly cause: string;
  readonly samples: number;
  /** Events its writes caused, by type (per invocation). */
  readonly emitted: Record<string, number>;
}

interface RelayPerEvent {
  readonly samples: number;
  readonly durationMs: number;
  readonly logBytes: number;
  readonly snsPublishRequests: number;
}

export interface CapacityResults {
  readonly iterations: number;
  readonly requests: MeasuredPath[];
  readonly deliveries: MeasuredPath[];
  readonly relay: RelayPerEvent;
}

/** The step of the story where stock is short (bench/capacity/run.ts). */
export const REJECTED = '(rejected)';

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / (values.length || 1);
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

const steady = (invocations: readonly MeasuredInvocation[]): MeasuredInvocation[] => {
  const later = invocations.filter((invocation) => invocation.iteration > 0);
  return later.length > 0 ? later : [...invocations];
};

const pathOf = (key: string, invocations: readonly MeasuredInvocation[]): MeasuredPath => {
  const counted = steady(invocations);
  const emitted: Record<string, number> = {};
  for (const type of invocations[0]!.emitted) emitted[type] = (emitted[type] ?? 0) + 1;
  return {
    key,
    function: invocations[0]!.function,
    cause: invocations[0]!.cause,
    samples: invocations.length,
    durationMs: round(summarize(counted.map((invocation) => invocation.durationMs)).median, 2),
    readUnits: round(mean(invocations.map((invocation) => invocation.readUnits))),
    writeUnits: round(mean(invocations.map((invocation) => invocation.writeUnits))),
    refusedWriteUnits: round(mean(invocations.map((invocation) => invocation.refusedWriteUnits))),
    dynamoCalls: round(mean(invocations.map((invocation) => invocation.dynamoCalls))),
    logBytes: Math.round(mean(invocations.map((invocation) => invocation.logBytes))),
    emitted,
  };
};

const groupBy = <T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
};

export const aggregateCapacity = (run: CapacityRun): CapacityResults => {
  const requests = groupBy(run.invocations.filter((invocation) => invocation.kind === 'api'), (invocation) => invocation.scenario);
  // The inventory consumer answers OrderPlaced differently when stock is short: that story is kept apart.
  const deliveries = groupBy(
    run.invocations.filter((invocation) => invocation.kind === 'consumer'),
    (invocation) => `${invocation.cause} -> ${invocation.function}${invocation.scenario.includes(REJECTED) ? ` ${REJECTED}` : ''}`,
  );
  const relays = steady(run.invocations.filter((invocation) => invocation.kind === 'relay' && invocation.eventsPublished > 0));
  const perEvent = (value: (invocation: MeasuredInvocation) => number): number =>
    mean(relays.map((invocation) => value(invocation) / invocation.eventsPublished));
  return {
    iterations: run.iterations,
    requests: [...requests].map(([key, invocations]) => pathOf(key, invocations)),
    deliveries: [...deliveries].map(([key, invocations]) => pathOf(key, invocations)),
    relay: {
      samples: relays.length,
      durationMs: round(summarize(relays.map((invocation) => invocation.durationMs / invocation.eventsPublished)).median, 2),
      logBytes: Math.round(perEvent((invocation) => invocation.logBytes)),
      snsPublishRequests: round(perEvent((invocation) => invocation.snsPublishRequests)),
    },
  };
};
