/**
 * Global set-up of the e2e-shared project (vitest.config.ts): one local runtime, with no special
 * flags, for every file of the project; its URL reaches them through `sharedLocalRuntime()`.
 */
import type { TestProject } from 'vitest/node';
import { startLocalRuntime } from './local-runtime';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared local runtime's URL; absent outside the e2e-shared project. */
    localRuntimeUrl?: string;
  }
}

export const setup = async (project: TestProject): Promise<() => Promise<void>> => {
  const runtime = await startLocalRuntime();
  project.provide('localRuntimeUrl', runtime.url);
  return async () => {
    const code = await runtime.stop();
    if (code !== 0) throw new Error(`The shared local runtime exited with ${code}:\n${runtime.output().slice(-2000)}`);
  };
};
