/**
 * A setup file of the projects whose runtime is served on demand (runtime-on-demand.ts), so that
 * no test file can forget a step: before the file's own hooks, the runtime is started (or, if
 * another file has started it, awaited) and its URL kept for `sharedLocalRuntime()`; after them,
 * the runtime is told that this file has finished, so that it stops once they all have.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { useSharedRuntime } from './shared-local-runtime';

beforeAll(async () => {
  const provided = inject('onDemandRuntime');
  if (!provided) return;
  // The start's own deadline is 90 s (local-runtime.ts): this one only guards against a hang.
  const response = await fetch(`${provided.control}/start`, { method: 'POST', signal: AbortSignal.timeout(110_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`The local runtime did not start: ${text}`);
  useSharedRuntime({ url: text, logsDir: provided.logsDir });
});

afterAll(async () => {
  const provided = inject('onDemandRuntime');
  if (provided) await fetch(`${provided.control}/finished`, { method: 'POST' });
});
