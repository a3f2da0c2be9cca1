/**
 * The execution environments of one function: worker threads, each with its own process.env
 * (the function's exact environment) and its own module state, running one invocation at a time
 * like a Lambda instance. Instances start on demand (a cold start), are reused while warm, and
 * are discarded after a timeout or a crash, as Lambda discards a sandbox.
 */
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LOCAL_REGION } from '../names';
import type { LocalFunction } from './catalog';
import type { FunctionError, InvokeMessage, WorkerData, WorkerMessage } from './protocol';

export type InvocationResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: FunctionError };

export type FunctionLogSink = (functionName: string, stream: 'stdout' | 'stderr', line: string) => void;

/** Lambda's limit on the init phase (loading the handler module and what it imports). */
const INIT_TIMEOUT_MS = 10_000;
/** A worker thread starting on a busy machine takes longer than a Lambda sandbox: allow for it. */
const LOCAL_INIT_ALLOWANCE_MS = 5_000;

/** Where a function's code is: the worker bundle hosting it, and its own bundle (both `index.mjs`). */
export interface FunctionCode {
  readonly workerFile: string;
  bundleOf(fn: LocalFunction): string;
}

/** How long and whether a caller waits for a free instance. */
export interface InvokeOptions {
  readonly awsRequestId?: string;
  /** Aborted when nobody waits for the result any more: an invocation not yet started then never starts. */
  readonly signal?: AbortSignal;
  /**
   * How long to wait for a free instance when all are busy before answering as Lambda answers a
   * throttled invocation (TooManyRequestsException). Unset: wait as long as it takes.
   */
  readonly maxWaitMs?: number;
}

class FunctionInstance {
  private readonly worker: Worker;
  private readonly ready: Promise<FunctionError | undefined>;
  private nextId = 0;
  private pending: { id: number; settle: (result: InvocationResult) => void } | undefined;
  /** Set once the worker is gone or must not be reused. */
  dead = false;

  constructor(
    private readonly fn: LocalFunction,
    logs: FunctionLogSink,
    workerFile: string,
    bundleFile: string,
  ) {
    const data: WorkerData = {
      functionName: fn.name,
      handlerUrl: pathToFileURL(bundleFile).href,
      memoryMb: fn.memoryMb,
      region: LOCAL_REGION,
      instanceId: randomUUID().replaceAll('-', ''),
      grant: fn.grant,
    };
    this.worker = new Worker(workerFile, {
      workerData: data,
      env: { ...fn.environment },
      // Not the runtime's own flags: the function's environment starts clean.
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: fn.memoryMb },
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      readline.createInterface({ input: this.worker[stream], crlfDelay: Infinity }).on('line', (line) => logs(fn.name, stream, line));
    }
    this.ready = new Promise((resolve) => {
      const onMessage = (message: WorkerMessage): void => {
        if (message.type === 'ready') resolve(undefined);
        else if (message.type === 'init-error') resolve(message.error);
        else if (message.id === this.pending?.id) this.pending.settle(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error });
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', (error) => this.fail({ errorType: 'Runtime.UnhandledError', errorMessage: error.message }, resolve));
      this.worker.on('exit', (code) => this.fail({ errorType: 'Runtime.ExitError', errorMessage: `The function's process exited with code ${code}` }, resolve));
    });
  }

  private fail(error: FunctionError, resolveInit: (error: FunctionError) => void): void {
    this.dead = true;
    resolveInit(error);
    this.pending?.settle({ ok: false, error });
  }

  async invoke(event: unknown, awsRequestId: string): Promise<InvocationResult> {
    const initError = await withTimeout(this.ready, INIT_TIMEOUT_MS + LOCAL_INIT_ALLOWANCE_MS, {
      errorType: 'Runtime.InitTimeout',
      errorMessage: `The handler did not load within ${(INIT_TIMEOUT_MS + LOCAL_INIT_ALLOWANCE_MS) / 1000} seconds`,
    });
    if (initError) {
      // Lambda retries the init phase on the next invocation: a new instance will.
      this.dead = true;
      await this.stop();
      return { ok: false, error: initError };
    }
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const message: InvokeMessage = { type: 'invoke', id: (this.nextId += 1), event, awsRequestId, deadline: Date.now() + timeoutMs };
    const result = await new Promise<InvocationResult>((resolve) => {
      const timer = setTimeout(() => {
        this.dead = true;
        resolve({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds` } });
      }, timeoutMs);
      this.pending = {
        id: message.id,
        settle: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
      };
      this.worker.postMessage(message);
    });
    this.pending = undefined;
    // A timed-out sandbox is torn down, whatever the handler was still doing.
    if (this.dead) await this.stop();
    return result;
  }

  async stop(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}

const withTimeout = <T, F>(promise: Promise<T>, ms: number, onTimeout: F): Promise<T | F> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout), ms);
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });

type Waiter = (instance: FunctionInstance | undefined) => void;

/** What GET /_local/functions shows of a function: Lambda's metrics, and its local instances now. */
export interface FunctionStats {
  /** Invocations started (Lambda's Invocations). */
  readonly invocations: number;
  /** Refused because every instance stayed busy (Lambda's Throttles). */
  readonly throttles: number;
  /** Dropped before they started because the caller stopped waiting (the gateway had answered 504). */
  readonly abandoned: number;
  readonly instances: number;
  readonly busy: number;
  readonly waiting: number;
}

export class FunctionPool {
  private readonly idle: FunctionInstance[] = [];
  private readonly all = new Set<FunctionInstance>();
  private readonly waiting: Waiter[] = [];
  /** Instances running code older than `bundleFile`: they finish what they run, then go. */
  private readonly retired = new WeakSet<FunctionInstance>();
  private stopped = false;
  private readonly counts = { invocations: 0, throttles: 0, abandoned: 0 };

  constructor(
    readonly fn: LocalFunction,
    private readonly logs: FunctionLogSink,
    private readonly workerFile: string,
    private bundleFile: string,
  ) {}

  /**
   * Runs one invocation on a free instance. When all `maxInstances` are busy it waits for one,
   * at most `maxWaitMs`, and never once `signal` is aborted: an event nobody waits for is not run.
   */
  async invoke(event: unknown, options: InvokeOptions = {}): Promise<InvocationResult> {
    if (this.stopped) return { ok: false, error: { errorType: 'Runtime.Stopped', errorMessage: 'The local runtime is stopping' } };
    // Lambda hands a function its event as JSON: what does not survive JSON does not arrive.
    const payload = JSON.parse(JSON.stringify(event)) as unknown;
    const instance = await this.acquire(options);
    if (typeof instance === 'string') this.counts[instance === 'abandoned' ? 'abandoned' : 'throttles'] += 1;
    else this.counts.invocations += 1;
    if (instance === 'abandoned') return { ok: false, error: { errorType: 'Runtime.Abandoned', errorMessage: 'The caller stopped waiting before an instance was free' } };
    if (instance === 'throttled') {
      return { ok: false, error: { errorType: 'TooManyRequestsException', errorMessage: `Rate Exceeded: all ${this.fn.maxInstances} local instances of ${this.fn.name} stayed busy` } };
    }
    try {
      return await instance.invoke(payload, options.awsRequestId ?? randomUUID());
    } finally {
      this.release(instance);
    }
  }

  stats(): FunctionStats {
    return { ...this.counts, instances: this.all.size, busy: this.all.size - this.idle.length, waiting: this.waiting.length };
  }

  /** New invocations run `bundleFile`; invocations in progress finish on the code they started with. */
  replaceCode(bundleFile: string): void {
    this.bundleFile = bundleFile;
    for (const instance of this.all) this.retired.add(instance);
    for (const instance of this.idle.splice(0)) {
      this.all.delete(instance);
      void instance.stop();
    }
  }

  private acquire(options: InvokeOptions): Promise<FunctionInstance | 'abandoned' | 'throttled'> {
    if (options.signal?.aborted) return Promise.resolve('abandoned');
    const warm = this.idle.pop();
    if (warm) return Promise.resolve(warm);
    if (this.all.size < this.fn.maxInstances) return Promise.resolve(this.spawn());
    if (options.maxWaitMs === 0) return Promise.resolve('throttled');
    return new Promise((resolve) => {
      const leave = (outcome: 'abandoned' | 'throttled'): void => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        cleanUp();
        resolve(outcome);
      };
      const onAbort = (): void => leave('abandoned');
      const timer = options.maxWaitMs === undefined ? undefined : setTimeout(() => leave('throttled'), options.maxWaitMs);
      const cleanUp = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = (instance) => {
        cleanUp();
        resolve(instance ?? 'abandoned');
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private spawn(): FunctionInstance {
    const instance = new FunctionInstance(this.fn, this.logs, this.workerFile, this.bundleFile);
    this.all.add(instance);
    return instance;
  }

  private release(instance: FunctionInstance): void {
    let next: FunctionInstance | undefined = instance;
    if (instance.dead || this.stopped || this.retired.has(instance)) {
      this.all.delete(instance);
      if (!instance.dead) void instance.stop();
      if (this.stopped) return;
      next = this.waiting.length > 0 ? this.spawn() : undefined;
    }
    if (!next) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter(next);
    else this.idle.push(next);
  }

  /** Terminates every instance; invocations still running end with an error, waiting ones never start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.idle.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter(undefined);
    await Promise.all([...this.all].map((instance) => instance.stop()));
    this.all.clear();
  }
}

/** One pool per function, by function name. */
export class FunctionPools {
  private readonly pools = new Map<string, FunctionPool>();

  constructor(functions: readonly LocalFunction[], logs: FunctionLogSink, code: FunctionCode) {
    for (const fn of functions) this.pools.set(fn.name, new FunctionPool(fn, logs, code.workerFile, code.bundleOf(fn)));
  }

  get(fn: LocalFunction): FunctionPool {
    const pool = this.pools.get(fn.name);
    if (!pool) throw new Error(`No function named ${fn.name}`);
    return pool;
  }

  /** Every pool, for watch mode to replace the code of those whose bundle changed. */
  list(): readonly FunctionPool[] {
    return [...this.pools.values()];
  }

  stop(): Promise<void> {
    return Promise.all([...this.pools.values()].map((pool) => pool.stop())).then(() => undefined);
  }
}
