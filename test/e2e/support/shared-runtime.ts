/**
 * Global set-up of the e2e-shared project (vitest.config.ts): one local runtime for every file of
 * the project, with its logs under a directory of its own (`--logs-dir`) so that files reading the
 * access log and function logs can share it too; its URL and that directory reach them through
 * `sharedLocalRuntime()`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalRuntime } from './local-runtime';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared local runtime's URL; absent outside the e2e-shared project. */
    localRuntimeUrl?: string;
    /** The directory given to the shared runtime as --logs-dir. */
    localRuntimeLogsDir?: string;
  }
}

export const setup = async (project: TestProject): Promise<() => Promise<void>> => {
  const logsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-runtime-logs-'));
  const runtime = await startLocalRuntime({ args: ['--logs-dir', logsDir] }).catch((error: unknown) => {
    fs.rmSync(logsDir, { recursive: true, force: true });
    throw error;
  });
  project.provide('localRuntimeUrl', runtime.url);
  project.provide('localRuntimeLogsDir', logsDir);
  return async () => {
    const code = await runtime.stop();
    fs.rmSync(logsDir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`The shared local runtime exited with ${code}:\n${runtime.output().slice(-2000)}`);
  };
};
