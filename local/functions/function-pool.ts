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
/** Loading TypeScript through tsx the first time is slower than a bundle: allow for it on a busy machine. */
const LOCAL_INIT_ALLOWANCE_MS = 20_000;

/**
 * Workers load TypeScript source through tsx, registered inside each worker: loader hooks
 * registered in the main thread do not reach worker threads. The bootstrap is evaluated code so
 * that it needs no loader itself.
 */
const bootstrapSource = (workerModuleUrl: string): string => `
  import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(workerModuleUrl)}); })
    .catch((error) => { console.error(error); process.exit(1); });
`;
const WORKER_MODULE_URL = new URL('./worker.ts', import.meta.url).href;

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
  ) {
    const data: WorkerData = {
      functionName: fn.name,
      handlerUrl: pathToFileURL(fn.handlerFile).href,
      memoryMb: fn.memoryMb,
      region: LOCAL_REGION,
      instanceId: randomUUID().replaceAll('-', ''),
      grant: fn.grant,
    };
    this.worker = new Worker(bootstrapSource(WORKER_MODULE_URL), {
      eval: true,
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

export class FunctionPool {
  private readonly idle: FunctionInstance[] = [];
  private readonly all = new Set<FunctionInstance>();
  private readonly waiting: ((instance: FunctionInstance) => void)[] = [];
  private stopped = false;

  constructor(
    readonly fn: LocalFunction,
    private readonly logs: FunctionLogSink,
  ) {}

  /** Runs one invocation on a free instance, waiting for one when all `maxInstances` are busy. */
  async invoke(event: unknown, awsRequestId: string = randomUUID()): Promise<InvocationResult> {
    if (this.stopped) return { ok: false, error: { errorType: 'Runtime.Stopped', errorMessage: 'The local runtime is stopping' } };
    // Lambda hands a function its event as JSON: what does not survive JSON does not arrive.
    const payload = JSON.parse(JSON.stringify(event)) as unknown;
    const instance = await this.acquire();
    try {
      return await instance.invoke(payload, awsRequestId);
    } finally {
      this.release(instance);
    }
  }

  private acquire(): Promise<FunctionInstance> {
    const warm = this.idle.pop();
    if (warm) return Promise.resolve(warm);
    if (this.all.size < this.fn.maxInstances) {
      const instance = new FunctionInstance(this.fn, this.logs);
      this.all.add(instance);
      return Promise.resolve(instance);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(instance: FunctionInstance): void {
    let next = instance;
    if (instance.dead || this.stopped) {
      this.all.delete(instance);
      if (this.stopped || this.waiting.length === 0) return;
      next = new FunctionInstance(this.fn, this.logs);
      this.all.add(next);
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(next);
    else this.idle.push(next);
  }

  /** Terminates every instance; invocations still running end with an error. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.idle.length = 0;
    await Promise.all([...this.all].map((instance) => instance.stop()));
    this.all.clear();
  }
}

/** One pool per function, by function name. */
export class FunctionPools {
  private readonly pools = new Map<string, FunctionPool>();

  constructor(functions: readonly LocalFunction[], logs: FunctionLogSink) {
    for (const fn of functions) this.pools.set(fn.name, new FunctionPool(fn, logs));
  }

  get(fn: LocalFunction): FunctionPool {
    const pool = this.pools.get(fn.name);
    if (!pool) throw new Error(`No function named ${fn.name}`);
    return pool;
  }

  stop(): Promise<void> {
    return Promise.all([...this.pools.values()].map((pool) => pool.stop())).then(() => undefined);
  }
}
