/**
 * A run killed with kill -9 leaves its DynamoDB Local behind for a few seconds, until the
 * launcher's watchdog notices (launcher.ts). The next run on the same data directory takes over
 * the lock at once (data-dir.ts), so it must not open the database while that JVM still holds
 * it: the JVM's pid is recorded beside the database, and a start waits for it to be gone.
 */
import fs from 'node:fs';
import { StartupError } from '../startup-error';
import { isAlive } from '../process-alive';

/** How long the previous JVM gets to notice its parent is gone before it is killed. */
const WATCHDOG_GRACE_MS = 10_000;
const KILL_GRACE_MS = 3_000;

const commandLineOf = (pid: number): string | undefined => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
};


/** True when `pid` is a DynamoDB Local serving `dbPath` (not a recycled pid of something else). */
const holdsDatabase = (pid: number, dbPath: string): boolean => {
  if (!isAlive(pid)) return false;
  const command = commandLineOf(pid);
  // Without /proc (macOS) the pid alone decides: waiting for a stranger is safer than sharing the file.
  return command === undefined || command.includes(dbPath);
};

const waitUntilGone = async (pid: number, dbPath: string, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!holdsDatabase(pid, dbPath)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !holdsDatabase(pid, dbPath);
};

/** Waits until no process of an earlier run holds the database at `dbPath`, killing it if it lingers. */
export const awaitPreviousDatabaseProcess = async (
  pidFile: string,
  dbPath: string,
  log: { info(message: string): void },
  graceMs = WATCHDOG_GRACE_MS,
): Promise<void> => {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10);
  } catch {
    return;
  }
  if (Number.isInteger(pid) && holdsDatabase(pid, dbPath)) {
    log.info(`DynamoDB Local of an earlier run (pid ${pid}) still holds ${dbPath}: waiting for it to exit.`);
    if (!(await waitUntilGone(pid, dbPath, graceMs))) {
      process.kill(pid, 'SIGKILL');
      if (!(await waitUntilGone(pid, dbPath, KILL_GRACE_MS))) {
        throw new StartupError(`DynamoDB Local of an earlier run (pid ${pid}) still holds ${dbPath} and could not be stopped.`, `Stop it (kill ${pid}) and start again.`);
      }
    }
  }
  fs.rmSync(pidFile, { force: true });
};

export const recordDatabaseProcess = (pidFile: string, pid: number): void => fs.writeFileSync(pidFile, `${pid}\n`);

export const forgetDatabaseProcess = (pidFile: string): void => fs.rmSync(pidFile, { force: true });
