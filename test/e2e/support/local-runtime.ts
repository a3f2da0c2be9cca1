/**
 * Starts `npm start`'s runtime (bin/local.ts) in a child process on a free port, in memory, and
 * talks to it over real HTTP only. Every test file gets its own runtime and stops it in afterAll,
 * also when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const READY = /Local API ready at (http:\/\/127\.0\.0\.1:\d+)/;
const START_DEADLINE_MS = 90_000;
const STOP_DEADLINE_MS = 30_000;

export interface StartOptions {
  /** Extra command-line flags, e.g. `--visibility-timeout-scale 0.01`. */
  readonly args?: readonly string[];
  /** Extra environment, e.g. THROTTLE_RATE. */
  readonly env?: Record<string, string>;
}

export interface RunningRuntime {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the runtime printed on stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then waits for the exit code (SIGKILL after the deadline, which fails the caller's assertion). */
  stop(): Promise<number | null>;
}

/** A port nobody listens on right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port'))));
    });
  });

/** The pids of a process's descendants (children, their children...), from /proc via ps. */
export const descendantsOf = (pid: number): number[] => {
  let table: string;
  try {
    table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of table.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const visit = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
};

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const startLocalRuntime = async (options: StartOptions = {}): Promise<RunningRuntime> => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'bin/local.ts'), '--in-memory', '--port', String(port), ...(options.args ?? [])],
    {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, ...options.env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a failed test can still kill everything it started.
      detached: true,
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The local runtime was not ready in ${START_DEADLINE_MS} ms:\n${output}`)), START_DEADLINE_MS);
    const check = (): void => {
      const ready = READY.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The local runtime exited with ${code} before it was ready:\n${output}`));
    });
  }).catch((error: unknown) => {
    killGroup(child);
    throw error;
  });

  let stopping: Promise<number | null> | undefined;
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode !== null) return child.exitCode;
        child.kill('SIGTERM');
        const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_DEADLINE_MS))]);
        if (code === 'timeout') {
          killGroup(child);
          throw new Error(`The local runtime did not stop within ${STOP_DEADLINE_MS} ms:\n${output.slice(-4000)}`);
        }
        return code;
      })()),
  };
};

const killGroup = (child: ChildProcess): void => {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
};
