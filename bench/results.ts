/** The shape of bench/results.json, and the targets the report checks against it. */
import type { CapacityResults } from './capacity/aggregate';
import type { ClientSize } from './client-size';
import type { ColdResult } from './cold-start/cold-init';
import type { FunctionKind } from './functions';
import type { EventLatencyResult, ThroughputResult } from './local/e2e';
import type { PushLatencyResult } from './local/push-latency';
import type { Summary } from './stats';
import type { WarmResult } from './warm/run';

export const RESULTS_SCHEMA = 2;
/** KB as esbuild and the CDK print them. */
export const KB = 1024;
/** What every deployed bundle should weigh at most (test/bench/bundling.test.ts holds it too). */
export const BUNDLE_TARGET_BYTES = 250 * KB;

interface BundleRow {
  readonly function: string;
  readonly kind: FunctionKind;
  readonly label: string;
  readonly copies: number;
  readonly memoryMb: number;
  readonly bytes: number;
  readonly topInputs: readonly { input: string; bytes: number }[];
  readonly topPackages: readonly { input: string; bytes: number }[];
}

export interface VariantRow {
  readonly function: string;
  readonly variant: string;
  readonly description: string;
  readonly bytes: number;
  /** Deployed bundle minus this variant's: what the deployed choice adds. */
  readonly addedBytes: number;
  /** Deployed cold start (median, ms above floor) minus this variant's. */
  readonly addedColdMs: number;
  /** The same for the import alone (init) and the first invocation alone: what priming moves from one to the other. */
  readonly addedImportMs: number;
  readonly addedInvokeMs: number;
  /** The lever of issue 17 it measures, when it is one. */
  readonly lever?: 'logger' | 'format' | 'priming';
  readonly aboveFloorMs: Summary;
  /** Runs whose answer differed from the end-to-end run's. */
  readonly mismatches: string[];
}

/** Which target a check is, for the report to explain a miss without relying on the order. */
export type TargetId = 'bundle-size' | 'cold-init' | 'warm-latency' | 'runtime-ready' | 'runtime-memory' | 'runtime-stop' | 'gateway-throughput';

export interface TargetCheck {
  readonly id: TargetId;
  readonly target: string;
  readonly limit: string;
  readonly measured: string;
  readonly met: boolean;
  /** The function or route that decided the figure (the worst one). */
  readonly worst: string;
}

/** `npm start` itself: start-up, memory after the README's walk-through, Ctrl-C, watch mode. */
interface RuntimeResults {
  readonly start: { readonly dynamoDbReadyS: number; readonly readyS: number; readonly afterDynamoDbS: number };
  /** The whole process tree (runtime, worker threads, DynamoDB Local's JVM), resident. */
  readonly residentMbAfterWalkThrough: number;
  /** Ctrl-C to the process group until every process of the tree is gone. */
  readonly stopMs: number;
  /** Save -> new code answering, for a one-file change (not measured with --quick). */
  readonly watch?: { readonly reloadMs: number; readonly rebuildMs: number };
}

/** Cold starts on one Node.js: the empty floor, the SDK-only floors, the functions. */
interface ColdInitRun {
  /** `v24.22.3` */
  readonly node: string;
  readonly floor: ColdResult;
  readonly sdkFloors: ColdResult[];
  readonly functions: ColdResult[];
}

/** Cold init may cost at most this many times the SDK-only floor of the function's clients. */
export const COLD_INIT_TARGET_RATIO = 1.25;

export interface BenchResults {
  readonly schema: number;
  readonly generatedAt: string;
  readonly mode: 'full' | 'quick';
  readonly command: string;
  readonly environment: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly loadAverageAtStart: number;
    readonly loadAverageAtEnd: number;
  };
  readonly targets: TargetCheck[];
  readonly bundles: BundleRow[];
  /** clients/typescript as a web app ships it. */
  readonly client: ClientSize;
  readonly coldInit: ColdInitRun & {
    readonly runs: number;
    /** Each SDK-only floor's bundle, minified, by client mix. */
    readonly sdkFloorBytes: Record<string, number>;
    /** The same rounds on this machine's Node.js, deployed functions only. */
    readonly hostNode: ColdInitRun;
  };
  readonly variants: VariantRow[];
  readonly warm: WarmResult[];
  readonly runtime: RuntimeResults;
  readonly local: {
    readonly concurrency: number;
    readonly rounds: number;
    readonly roundMs: number;
    readonly throughput: ThroughputResult[];
    readonly eventLatency: EventLatencyResult;
    /** From POST /v1/orders to its OrderConfirmed on the buyer's WebSocket; absent from runs before live events. */
    readonly pushLatency?: PushLatencyResult;
    readonly accessLogBytesPerRequest?: number;
  };
  readonly capacity: CapacityResults;
  /** Median import time per function, for the cost model's init billing. */
  readonly initMs: Record<string, number>;
}

const fixed = (value: number, digits = 1): string => value.toFixed(digits);

export const checkTargets = (results: Omit<BenchResults, 'targets'>): TargetCheck[] => {
  const biggest = [...results.bundles].sort((a, b) => b.bytes - a.bytes)[0]!;
  const withSdk = results.coldInit.functions.filter((entry) => entry.toSdkFloor !== undefined);
  const heaviest = [...withSdk].sort((a, b) => b.toSdkFloor! - a.toSdkFloor!)[0];
  const slowestWarm = [...results.warm].sort((a, b) => b.latencyMs.median - a.latencyMs.median)[0]!;
  const lowestRatio = [...results.local.throughput].sort((a, b) => a.ratio - b.ratio)[0]!;
  return [
    {
      id: 'bundle-size',
      target: 'Every handler bundle, minified',
      limit: `<= ${BUNDLE_TARGET_BYTES / KB} KB`,
      measured: `${fixed(biggest.bytes / KB)} KB`,
      met: biggest.bytes <= BUNDLE_TARGET_BYTES,
      worst: biggest.function,
    },
    {
      id: 'cold-init',
      target: `Cold init (import + first invocation), median, on Node.js ${results.coldInit.node}, against the SDK-only floor of its clients`,
      limit: `<= ${COLD_INIT_TARGET_RATIO.toFixed(2)} ×`,
      measured: heaviest ? `${fixed(heaviest.toSdkFloor!, 2)} ×` : 'n/a',
      met: heaviest !== undefined && Number.isFinite(heaviest.toSdkFloor) && heaviest.toSdkFloor! <= COLD_INIT_TARGET_RATIO,
      worst: heaviest?.function ?? 'none',
    },
    {
      id: 'warm-latency',
      target: 'Warm handler latency in-process, p50',
      limit: '< 1 ms',
      measured: `${fixed(slowestWarm.latencyMs.median, 3)} ms`,
      met: slowestWarm.latencyMs.median < 1,
      worst: slowestWarm.label,
    },
    {
      id: 'runtime-ready',
      target: 'Local runtime ready after DynamoDB Local accepts connections',
      limit: '<= 2 s',
      measured: `${fixed(results.runtime.start.afterDynamoDbS)} s (DynamoDB Local at ${fixed(results.runtime.start.dynamoDbReadyS)} s)`,
      met: results.runtime.start.afterDynamoDbS <= 2,
      worst: 'npm start',
    },
    {
      id: 'runtime-memory',
      target: "Local runtime's process tree after the README walk-through, resident",
      limit: '< 600 MB',
      measured: `${results.runtime.residentMbAfterWalkThrough} MB`,
      met: results.runtime.residentMbAfterWalkThrough < 600,
      worst: 'npm start',
    },
    {
      id: 'runtime-stop',
      target: 'Ctrl-C until no process of the tree is left',
      limit: '<= 5 s',
      measured: `${fixed(results.runtime.stopMs / 1000)} s`,
      met: results.runtime.stopMs <= 5_000,
      worst: 'npm start',
    },
    {
      id: 'gateway-throughput',
      target: "Local gateway throughput, share of the floor's",
      limit: '>= 70 %',
      measured: `${fixed(lowestRatio.ratio * 100, 0)} %`,
      met: lowestRatio.ratio >= 0.7,
      worst: lowestRatio.label,
    },
  ];
};
