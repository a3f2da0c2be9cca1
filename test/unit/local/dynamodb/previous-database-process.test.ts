import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awaitPreviousDatabaseProcess, recordDatabaseProcess } from '../../../../local/dynamodb/previous-database-process';

let scratch: string;
let pidFile: string;
let dbPath: string;
const children: ChildProcess[] = [];
const messages: string[] = [];
const log = { info: (message: string) => messages.push(message) };

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'previous-db-'));
  pidFile = path.join(scratch, 'dynamodb.pid');
  dbPath = path.join(scratch, 'dynamodb');
  messages.length = 0;
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  fs.rmSync(scratch, { recursive: true, force: true });
});

/**
 * A stand-in for an orphaned DynamoDB Local: its command line names the database, it lives `ms`.
 * Resolves once the child runs as such: until it has exec'd, /proc shows the parent's command line,
 * which on a busy machine can last longer than the child's whole life in a test.
 */
const holder = async (ms: number): Promise<{ child: ChildProcess; exit: Promise<NodeJS.Signals | number | null> }> => {
  const child = spawn(process.execPath, ['-e', `process.stdout.write('up'); setTimeout(() => {}, ${ms})`, '--', '-dbPath', dbPath], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  const exit = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  await new Promise((resolve, reject) => {
    child.stdout!.once('data', resolve);
    child.once('error', reject);
  });
  return { child, exit };
};

describe('awaitPreviousDatabaseProcess', () => {
  it('waits for an earlier run\'s process that still holds the database to exit by itself', async () => {
    const { child, exit } = await holder(700);
    recordDatabaseProcess(pidFile, child.pid!);

    await awaitPreviousDatabaseProcess(pidFile, dbPath, log, 10_000);

    // Returned only once the process no longer holds the database (it may not be reaped yet).
    const commandLine = fs.existsSync(`/proc/${child.pid}/cmdline`) ? fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8') : '';
    expect(commandLine).not.toContain(dbPath);
    expect(await exit).toBe(0);
    expect(messages.join('\n')).toContain(`(pid ${child.pid}) still holds ${dbPath}`);
    expect(fs.existsSync(pidFile)).toBe(false);
  });

  it('kills one that lingers past the grace period', async () => {
    const { child, exit } = await holder(60_000);
    recordDatabaseProcess(pidFile, child.pid!);

    await awaitPreviousDatabaseProcess(pidFile, dbPath, log, 300);

    expect(await exit).toBe('SIGKILL');
  });

  it('leaves alone a recorded pid now used by a process that does not hold the database', async () => {
    recordDatabaseProcess(pidFile, process.pid);

    await awaitPreviousDatabaseProcess(pidFile, dbPath, log, 300);

    expect(messages).toEqual([]);
    expect(fs.existsSync(pidFile)).toBe(false);
  });
});
