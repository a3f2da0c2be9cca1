import { inject } from 'vitest';

interface SharedRuntime {
  readonly url: string;
  readonly logsDir: string;
  /** Does nothing: the global set-up stops the runtime (runtime-on-demand.ts). */
  stop(): Promise<void>;
}

/**
 * The runtime the e2e-shared project's global set-up started (shared-runtime.ts), for files that
 * need no flags of their own: its URL and the directory it was given as --logs-dir. Other files
 * run beside them, so a test reads only what it wrote (its own ids, its own correlation ids),
 * never a count of everything.
 */
export const sharedLocalRuntime = (): SharedRuntime => {
  const provided = inject('onDemandRuntime');
  if (!provided?.url) throw new Error('No shared local runtime: this file must be in the e2e-shared project (vitest.config.ts)');
  return { url: provided.url, logsDir: provided.logsDir, stop: () => Promise.resolve() };
};

/**
 * The runtime of this file's project (the e2e-scaled project's: scaled-runtime.ts), started if it
 * is not yet, once it is ready. The project's files run one at a time, but on this one runtime: a
 * file finds what the files before it left (messages parked on a DLQ, or still on their way
 * there), so it tells its own messages apart by their ids, and lets a queue drain before it counts.
 */
export const localRuntimeOnDemand = async (): Promise<SharedRuntime> => {
  const provided = inject('onDemandRuntime');
  if (!provided) throw new Error('No runtime on demand: this file must be in a project whose global set-up serves one (vitest.config.ts)');
  // The start's own deadline is 90 s (local-runtime.ts): this one only guards against a hang.
  const response = await fetch(`${provided.control}/start`, { method: 'POST', signal: AbortSignal.timeout(110_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`The local runtime did not start: ${text}`);
  return { url: text, logsDir: provided.logsDir, stop: () => Promise.resolve() };
};
