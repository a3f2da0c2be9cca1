/**
 * Global set-up of the e2e-shared project (vitest.config.ts): one local runtime for every file of
 * the project, with its logs under a directory of its own (`--logs-dir`) so that files reading the
 * access log and function logs can share it too; its URL and that directory reach them through
 * `sharedLocalRuntime()`. Started when the first file needs it, stopped when the last has finished
 * (runtime-on-demand.ts).
 */
import type { TestProject } from 'vitest/node';
import { serveRuntimeOnDemand } from './runtime-on-demand';

export const setup = (project: TestProject): Promise<() => Promise<void>> => serveRuntimeOnDemand(project, {});
