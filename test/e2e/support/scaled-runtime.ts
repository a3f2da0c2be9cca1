/**
 * Global set-up of the e2e-scaled project (vitest.config.ts): one local runtime for the files that
 * would each start their own with these same flags, started when the first of them needs it and
 * stopped when the last has finished (runtime-on-demand.ts); they reach it through
 * `sharedLocalRuntime()`.
 */
import type { TestProject } from 'vitest/node';
import { serveRuntimeOnDemand } from './runtime-on-demand';

/**
 * Consumer queues' visibility timeouts scaled down, so that a failing message comes back (and
 * reaches its DLQ) in seconds rather than after the declared 180 s. Orders may wait for a busy
 * function instance as long as the integration timeout allows: ten at once, each with the
 * Idempotency-Key the typed client sends, wait for one of placeOrder's four instances longer than
 * the gateway's 3 s on two busy cores, and these files are about the event path, not about API
 * Gateway's answer to a throttled Lambda (gateway-limits tests that). Function logs stay in the
 * logs directory (`npm run dlq -- show` reads them), off the test's output.
 */
export const setup = (project: TestProject): Promise<() => Promise<void>> =>
  serveRuntimeOnDemand(project, { args: ['--visibility-timeout-scale', '0.005', '--quiet'], env: { LOCAL_INSTANCE_WAIT_MS: '25000' } });
