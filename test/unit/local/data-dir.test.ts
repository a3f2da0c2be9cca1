import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDirectory } from '../../../local/data-dir';
import { StartupError } from '../../../local/startup-error';

describe('lockDataDirectory', () => {
  let root: string;
  let other: ChildProcess | undefined;

  beforeEach(() => {
    root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'data-dir-test-')), 'data');
  });
  afterEach(() => {
    other?.kill('SIGKILL');
    other = undefined;
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  const lockFile = () => path.join(root, 'local.lock');

  /** Another live process, as another local runtime would be. */
  const anotherProcess = (): number => {
    other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    return other.pid!;
  };

  it('creates the directory and takes it, recording this process', () => {
    const dataDir = lockDataDirectory(root);

    expect(fs.readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
    expect(fs.statSync(dataDir.dynamodb).isDirectory()).toBe(true);
    expect(path.dirname(dataDir.signingKey)).toBe(root);
  });

  it('refuses a directory another live process holds, naming it', () => {
    fs.mkdirSync(root, { recursive: true });
    const pid = anotherProcess();
    fs.writeFileSync(lockFile(), `${pid}\n`);

    expect(() => lockDataDirectory(root)).toThrow(StartupError);
    expect(() => lockDataDirectory(root)).toThrow(`in use by another local runtime (pid ${pid})`);
    expect(fs.readFileSync(lockFile(), 'utf8').trim()).toBe(String(pid));
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    fs.mkdirSync(root, { recursive: true });
    const pid = anotherProcess();
    const exited = new Promise((resolve) => other!.once('exit', resolve));
    other!.kill('SIGKILL');
    await exited;
    fs.writeFileSync(lockFile(), `${pid}\n`);

    lockDataDirectory(root);

    expect(fs.readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
  });

  it('gives the directory back on release, but never a lock another process has since taken', () => {
    const first = lockDataDirectory(root);
    first.release();
    expect(fs.existsSync(lockFile())).toBe(false);

    const pid = anotherProcess();
    fs.writeFileSync(lockFile(), `${pid}\n`);
    first.release();
    expect(fs.readFileSync(lockFile(), 'utf8').trim()).toBe(String(pid));
  });
});
