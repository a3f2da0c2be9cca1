/**
 * Cold module init: each bundle in a fresh Node.js process that imports it and runs one
 * invocation against the stub (aws-stub.ts), many times, interleaved with the zero-dependency
 * floor so that a slower moment of a shared machine slows both alike.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
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
  /** Unique: the function, or `<function> (<variant>)`. */
  readonly name: string;
  readonly function: string;
  readonly variant?: string;
  readonly bundle: string;
  readonly event: unknown;
  readonly dynamodb: readonly RecordedCall[];
  readonly env: Record<string, string>;
  readonly memoryMb: number;
  /** What the end-to-end run answered for the same event; undefined for the floor. */
  readonly expectedOutcome?: string;
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
  /** Paired with the floor's run of the same round: total minus the floor's total. */
  readonly aboveFloorMs: Summary;
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

const runOnce = (target: ColdTarget, eventFile: string): Promise<ColdSample> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, target.bundle, eventFile, target.function, String(target.memoryMb)], {
      env: target.env,
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

/**
 * `runs` rounds; in each, the floor and every target once, in that order, one process at a time
 * (a second process would compete for the same cores).
 */
export const measureColdStarts = async (targets: readonly ColdTarget[], floor: ColdTarget, runs: number, stub: AwsStub): Promise<{ floor: ColdResult; targets: ColdResult[] }> => {
  const dir = path.join(os.tmpdir(), `bench-cold-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const eventFiles = new Map<string, string>();
  for (const [index, target] of [floor, ...targets].entries()) {
    const file = path.join(dir, `${index}.json`);
    await writeFile(file, JSON.stringify(target.event));
    eventFiles.set(target.name, file);
  }
  const samples = new Map<string, ColdSample[]>([floor, ...targets].map((target) => [target.name, []]));
  const mismatches = new Map<string, string[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < runs; round += 1) {
    for (const target of [floor, ...targets]) {
      stub.replay(target.dynamodb);
      const sample = await runOnce(target, eventFiles.get(target.name)!);
      samples.get(target.name)!.push(sample);
      const unanswered = stub.unanswered();
      if (target.expectedOutcome !== undefined && (sample.outcome !== target.expectedOutcome || unanswered.length > 0)) {
        mismatches.get(target.name)!.push(`${sample.outcome} (expected ${target.expectedOutcome}${unanswered.length ? `; unanswered: ${unanswered.join(', ')}` : ''})`);
      }
    }
  }
  const floorSamples = samples.get(floor.name)!;
  const resultOf = (target: ColdTarget): ColdResult => {
    const own = samples.get(target.name)!;
    const valid = (values: number[]): number[] => values.filter((value) => Number.isFinite(value));
    return {
      name: target.name,
      function: target.function,
      ...(target.variant ? { variant: target.variant } : {}),
      importMs: summarize(valid(own.map((sample) => sample.importMs))),
      invokeMs: summarize(valid(own.map((sample) => sample.invokeMs))),
      totalMs: summarize(valid(own.map((sample) => sample.totalMs))),
      aboveFloorMs: summarize(valid(own.map((sample, round) => sample.totalMs - floorSamples[round]!.totalMs))),
      mismatches: mismatches.get(target.name) ?? [],
    };
  };
  return { floor: resultOf(floor), targets: targets.map(resultOf) };
};
