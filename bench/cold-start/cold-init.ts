/**
 * Cold module init: each bundle in a fresh Node.js process that imports it and runs one
 * invocation against the stub (aws-stub.ts), many times, interleaved with two kinds of floor so
 * that a slower moment of a shared machine slows all alike: the zero-dependency handler (what the
 * runtime itself costs) and, per client mix, a handler that is the bare SDK doing the same kind of
 * call (what the SDK costs, bench/floors/). Every process trusts the stub's certificate authority.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordedCall } from '../capacity/dynamo-recorder';
import { summarize, type Summary } from '../stats';
import type { AwsStub } from './aws-stub';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));
export const FLOOR_HANDLER = fileURLToPath(new URL('./floor-handler.mjs', import.meta.url));
/** A process that has not answered by then is counted as failed (a bundle waiting on a socket). */
const RUN_DEADLINE_MS = 30_000;

export interface ColdTarget {
  /** Unique: the function, or `<function> (<variant>)`, or the floor's name. */
  readonly name: string;
  readonly function: string;
  readonly variant?: string;
  readonly bundle: string;
  readonly event: unknown;
  readonly dynamodb: readonly RecordedCall[];
  readonly env: Record<string, string>;
  readonly memoryMb: number;
  /** What the end-to-end run answered for the same event; undefined for the floors. */
  readonly expectedOutcome?: string;
  /** The SDK-only floor it is compared with (its client mix); none for a function without SDK clients. */
  readonly sdkFloor?: string;
}

interface ColdSample {
  readonly importMs: number;
  readonly invokeMs: number;
  readonly totalMs: number;
  readonly outcome: string;
}

export interface ColdResult {
  readonly name: string;
  readonly function: string;
  readonly variant?: string;
  readonly importMs: Summary;
  readonly invokeMs: Summary;
  readonly totalMs: Summary;
  /** Paired with the empty floor's run of the same round: total minus the floor's total. */
  readonly aboveFloorMs: Summary;
  /** The SDK-only floor it is compared with, when it uses SDK clients. */
  readonly sdkFloor?: string;
  /** Paired with that floor's run of the same round: total minus the floor's total. */
  readonly aboveSdkFloorMs?: Summary;
  /** Median total divided by that floor's median total. */
  readonly toSdkFloor?: number;
  /** Runs whose answer differed from the end-to-end run's (the replay did not take the real path). */
  readonly mismatches: string[];
}

/** What the Lambda runtime puts in every function's environment, as far as a bundle can tell. */
export const lambdaRuntimeEnvironment = (name: string, memoryMb: number): Record<string, string> => ({
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  // The construct's runtime (lib/constructs/lambda-function.ts); the process itself is this machine's Node.js.
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_FUNCTION_NAME: name,
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
  AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]bench',
  LAMBDA_TASK_ROOT: '/var/task',
  TZ: ':UTC',
  // The execution role's credentials, as Lambda provides them.
  AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  // Active tracing: the trace header of the invocation and the X-Ray daemon's address.
  _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
  AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  PATH: process.env.PATH ?? '/usr/bin:/bin',
});

const runOnce = (node: string, target: ColdTarget, eventFile: string, caFile: string): Promise<ColdSample> =>
  new Promise((resolve) => {
    const child = spawn(node, [CHILD, target.bundle, eventFile, target.function, String(target.memoryMb)], {
      env: { ...target.env, NODE_EXTRA_CA_CERTS: caFile },
      // The handler's logs go to /dev/null: written, as in Lambda, but not kept.
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let result = '';
    let errors = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => (result += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_DEADLINE_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      try {
        const parsed = JSON.parse(result) as Omit<ColdSample, 'totalMs'>;
        resolve({ ...parsed, totalMs: parsed.importMs + parsed.invokeMs });
      } catch {
        resolve({ importMs: Number.NaN, invokeMs: Number.NaN, totalMs: Number.NaN, outcome: `exit ${code}: ${errors.trim().split('\n').slice(-3).join(' | ')}` });
      }
    });
  });

/** The bundles to start on one Node.js binary. */
interface ColdPass {
  /** The node binary every process of this pass runs on. */
  readonly node: string;
  readonly targets: readonly ColdTarget[];
}

export interface ColdRun {
  /** Each pass gets every floor too: its targets are compared with floors run on the same binary. */
  readonly passes: readonly ColdPass[];
  /** The zero-dependency handler. */
  readonly floor: ColdTarget;
  /** The SDK-only handlers, by client mix (a target's `sdkFloor`). */
  readonly sdkFloors: readonly ColdTarget[];
  readonly runs: number;
}

export interface ColdResults {
  readonly floor: ColdResult;
  readonly sdkFloors: ColdResult[];
  readonly targets: ColdResult[];
}

type Samples = Map<string, ColdSample[]>;

const resultsOf = (pass: ColdPass, { floor, sdkFloors }: Pick<ColdRun, 'floor' | 'sdkFloors'>, samples: Samples, mismatches: Map<string, string[]>): ColdResults => {
  const valid = (values: number[]): number[] => values.filter((value) => Number.isFinite(value));
  const pairedWith = (own: ColdSample[], other: ColdSample[], combine: (mine: number, theirs: number) => number): Summary =>
    summarize(valid(own.map((sample, round) => combine(sample.totalMs, other[round]!.totalMs))));
  const floorSamples = samples.get(floor.name)!;
  const sdkComparison = (name: string, own: ColdSample[], floorOwn: ColdSample[]) => ({
    sdkFloor: name,
    aboveSdkFloorMs: pairedWith(own, floorOwn, (mine, theirs) => mine - theirs),
    toSdkFloor: summarize(valid(own.map((sample) => sample.totalMs))).median / summarize(valid(floorOwn.map((sample) => sample.totalMs))).median,
  });
  const resultOf = (target: ColdTarget): ColdResult => {
    const own = samples.get(target.name)!;
    const sdkFloor = target.sdkFloor === undefined ? undefined : sdkFloors.find((candidate) => candidate.name === target.sdkFloor);
    if (target.sdkFloor !== undefined && !sdkFloor) throw new Error(`${target.name}: no SDK-only floor named ${target.sdkFloor}`);
    return {
      name: target.name,
      function: target.function,
      ...(target.variant ? { variant: target.variant } : {}),
      importMs: summarize(valid(own.map((sample) => sample.importMs))),
      invokeMs: summarize(valid(own.map((sample) => sample.invokeMs))),
      totalMs: summarize(valid(own.map((sample) => sample.totalMs))),
      aboveFloorMs: pairedWith(own, floorSamples, (mine, theirs) => mine - theirs),
      ...(sdkFloor ? sdkComparison(sdkFloor.name, own, samples.get(sdkFloor.name)!) : {}),
      mismatches: mismatches.get(target.name) ?? [],
    };
  };
  return { floor: resultOf(floor), sdkFloors: sdkFloors.map(resultOf), targets: pass.targets.map(resultOf) };
};

/**
 * `runs` rounds; in each, every pass in turn (its floors, then its targets), one process at a
 * time (a second process would compete for the same cores). The passes are interleaved round by
 * round, so that the machine's load at any moment weighs on every binary alike. One result per pass.
 */
export const measureColdStarts = async ({ passes, floor, sdkFloors, runs }: ColdRun, stub: AwsStub): Promise<ColdResults[]> => {
  const everything = [floor, ...sdkFloors, ...passes.flatMap((pass) => pass.targets)];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-cold-'));
  try {
    const eventFiles = new Map<string, string>();
    for (const [index, target] of everything.entries()) {
      const file = path.join(dir, `${index}.json`);
      await writeFile(file, JSON.stringify(target.event));
      eventFiles.set(target.name, file);
    }
    const fresh = <T>(): Map<string, T[]> => new Map(everything.map((target) => [target.name, []]));
    const perPass = passes.map(() => ({ samples: fresh<ColdSample>(), mismatches: fresh<string>() }));
    for (let round = 0; round < runs; round += 1) {
      for (const [index, pass] of passes.entries()) {
        const { samples, mismatches } = perPass[index]!;
        for (const target of [floor, ...sdkFloors, ...pass.targets]) {
          stub.replay(target.dynamodb);
          const sample = await runOnce(pass.node, target, eventFiles.get(target.name)!, stub.caFile);
          samples.get(target.name)!.push(sample);
          const unanswered = stub.unanswered();
          const expected = target.expectedOutcome;
          // A floor has no recorded answer to match, but it must not fail or call what the stub does not know.
          const failed = expected !== undefined ? sample.outcome !== expected : !Number.isFinite(sample.totalMs) || sample.outcome.startsWith('threw');
          if (failed || unanswered.length > 0) {
            mismatches.get(target.name)!.push(`${sample.outcome} (expected ${expected ?? 'an answer'}${unanswered.length ? `; unanswered: ${unanswered.join(', ')}` : ''})`);
          }
        }
      }
    }
    return passes.map((pass, index) => resultsOf(pass, { floor, sdkFloors }, perPass[index]!.samples, perPass[index]!.mismatches));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
