/**
 * Starts `npm start`'s runtime (bin/local.ts) in a child process on a free port, in memory unless
 * told otherwise, and talks to it over real HTTP only. A file that needs no special flags uses the
 * one runtime the e2e-shared project starts (shared-local-runtime.ts, vitest.config.ts); a file that
 * needs its own starts it here and stops it in afterAll, also when a test fails. `runUntilExit`
 * runs one that is expected to refuse to start.
 *
 * Nothing outlives the run: each runtime has its own process group, killed whole if set-up fails;
 * it runs with --stop-with-parent, so it stops by itself when the vitest process that started it
 * is gone (interrupted, killed); and the global set-up's teardown kills any group still registered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forgetRuntime, registerRuntime } from './runtime-registry';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const READY = /Local API ready at (http:\/\/127\.0\.0\.1:\d+)/;
const START_DEADLINE_MS = 90_000;
const STOP_DEADLINE_MS = 30_000;

export interface StartOptions {
  /** Extra command-line flags, e.g. `--visibility-timeout-scale 0.01`. */
  readonly args?: readonly string[];
  /** Extra environment, e.g. THROTTLE_RATE. */
  readonly env?: Record<string, string>;
  /** Passes `--in-memory` (the default); false to run on a `--data-dir` given in `args`. */
  readonly inMemory?: boolean;
  /** The port to listen on; a free one by default. */
  readonly port?: number;
  /** The project to run (a copy made by `copyProject`); this repository by default. */
  readonly root?: string;
}

/** How a run that was expected to end (a start-up error) ended. */
export interface FinishedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Everything it printed on stdout and stderr. */
  readonly output: string;
}

export interface RunningRuntime {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the runtime printed on stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then waits for the exit code (SIGKILL after the deadline, which fails the caller's assertion). */
  stop(): Promise<number | null>;
  /**
   * Ctrl-C as a terminal sends it: SIGINT to the whole process group (DynamoDB Local's JVM
   * included), then waits for the exit code like `stop`.
   */
  interrupt(): Promise<number | null>;
}

/**
 * A copy of the project's sources in a new directory, for a test that edits them (watch mode):
 * the repository's own files are never touched. node_modules holds links to the repository's
 * packages but its own .cache, so the copy's bundles never overwrite the repository's.
 */
export const copyProject = (): { readonly root: string; remove(): void } => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'project-copy-'));
  for (const entry of ['bin', 'docs', 'lib', 'lambdas', 'local', 'package.json', 'tsconfig.json']) {
    fs.cpSync(path.join(REPOSITORY_ROOT, entry), path.join(root, entry), { recursive: true });
  }
  fs.mkdirSync(path.join(root, 'node_modules'));
  for (const entry of fs.readdirSync(path.join(REPOSITORY_ROOT, 'node_modules'))) {
    if (entry !== '.cache') fs.symlinkSync(path.join(REPOSITORY_ROOT, 'node_modules', entry), path.join(root, 'node_modules', entry));
  }
  // The compiled DynamoDB Local launcher and its class archive are shared: the copy's edits never touch them.
  const launcherCache = path.join(REPOSITORY_ROOT, 'node_modules', '.cache', 'local-runtime', 'dynamodb-launcher');
  if (fs.existsSync(launcherCache)) {
    fs.mkdirSync(path.join(root, 'node_modules', '.cache', 'local-runtime'), { recursive: true });
    fs.symlinkSync(launcherCache, path.join(root, 'node_modules', '.cache', 'local-runtime', 'dynamodb-launcher'));
  }
  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
};

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

interface SpawnedRuntime {
  readonly child: ChildProcess;
  /** Removes what the run wrote outside its data directory (its logs), once it has exited. */
  readonly cleanUp: () => void;
}

const spawnRuntime = async (options: StartOptions): Promise<SpawnedRuntime> => {
  // A persistent run on the default directory would share (and lock) a developer's own .local/.
  if (options.inMemory === false && !options.args?.includes('--data-dir')) throw new Error('inMemory: false needs a --data-dir in args');
  const port = options.port ?? (await freePort());
  // Logs go to the data directory by default, i.e. the repository's .local/ for an in-memory run:
  // each test run gets its own directory instead, removed when it ends.
  const logsDir = options.args?.includes('--logs-dir') ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'local-runtime-logs-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(options.root ?? REPOSITORY_ROOT, 'bin/local.ts'),
      '--stop-with-parent',
      // Tests that need the web app build it once themselves (test/e2e/web-app.test.ts).
      '--no-web-build',
      ...(options.inMemory === false ? [] : ['--in-memory']),
      '--port',
      String(port),
      ...(logsDir ? ['--logs-dir', logsDir] : []),
      ...(options.args ?? []),
    ],
    {
      cwd: options.root ?? REPOSITORY_ROOT,
      env: { ...process.env, ...options.env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a failed test can still kill everything it started.
      detached: true,
    },
  );
  registerRuntime(child.pid!);
  return {
    child,
    cleanUp: () => {
      forgetRuntime(child.pid!);
      if (logsDir) fs.rmSync(logsDir, { recursive: true, force: true });
    },
  };
};

/**
 * Runs the runtime expecting it to stop by itself (a start-up error), and returns how it ended.
 * Past the deadline its process group is killed and this throws.
 */
export const runUntilExit = async (options: StartOptions = {}, deadlineMs = START_DEADLINE_MS): Promise<FinishedRun> => {
  const { child, cleanUp } = await spawnRuntime(options);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('close', cleanUp);
  const ended = await Promise.race([
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal }))),
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), deadlineMs).unref()),
  ]);
  if (ended === 'timeout') {
    killGroup(child);
    throw new Error(`The local runtime was expected to exit but still ran after ${deadlineMs} ms:\n${output}`);
  }
  return { ...ended, output };
};

export const startLocalRuntime = async (options: StartOptions = {}): Promise<RunningRuntime> => {
  const { child, cleanUp } = await spawnRuntime(options);
  child.once('close', cleanUp);
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
  const stopWith = (send: () => void): Promise<number | null> =>
    (stopping ??= (async () => {
      if (child.exitCode !== null) return child.exitCode;
      send();
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_DEADLINE_MS)))]);
      clearTimeout(timer);
      if (code === 'timeout') {
        killGroup(child);
        throw new Error(`The local runtime did not stop within ${STOP_DEADLINE_MS} ms:\n${output.slice(-4000)}`);
      }
      return code;
    })());
  return {
    url,
    child,
    output: () => output,
    stop: () => stopWith(() => child.kill('SIGTERM')),
    interrupt: () => stopWith(() => process.kill(-child.pid!, 'SIGINT')),
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
