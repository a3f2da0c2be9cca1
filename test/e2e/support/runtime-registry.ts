/**
 * Which local runtimes this vitest run has started, by process group: one empty file per group in
 * a directory named after the vitest main process. The global teardown kills whatever is still
 * listed, the last resort for a runtime a test failed to stop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REGISTRY_VARIABLE = 'LOCAL_RUNTIME_REGISTRY';

/**
 * The global set-up names the directory in the environment, which the test processes it forks
 * inherit; without it (a file run outside these projects) the directory of the parent process.
 */
const inWorker = (): string => process.env[REGISTRY_VARIABLE] ?? path.join(os.tmpdir(), `local-runtimes-of-${process.ppid}`);

/** Global set-up: this run's registry, and the teardown that kills what it still lists. */
export const setup = (): (() => void) => {
  process.env[REGISTRY_VARIABLE] ??= fs.mkdtempSync(path.join(os.tmpdir(), 'local-runtimes-'));
  return () => {
    const killed = killRegisteredRuntimes();
    if (killed > 0) console.warn(`Killed ${killed} local runtime(s) that a test left running.`);
  };
};

/**
 * Lists a runtime started by a test file. One started by a global set-up is not listed: its own
 * teardown stops it, and another project's teardown must not kill it first.
 */
export const registerRuntime = (groupId: number): void => {
  if (process.env.VITEST_WORKER_ID === undefined) return;
  fs.mkdirSync(inWorker(), { recursive: true });
  fs.writeFileSync(path.join(inWorker(), String(groupId)), '');
};

export const forgetRuntime = (groupId: number): void => fs.rmSync(path.join(inWorker(), String(groupId)), { force: true });

/** Kills every process group still listed; returns how many were. */
const killRegisteredRuntimes = (): number => {
  const dir = inWorker();
  let groups: string[] = [];
  try {
    groups = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const group of groups) {
    try {
      process.kill(-Number(group), 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return groups.length;
};
