import { inject } from 'vitest';

/**
 * The runtime the e2e-shared project's global set-up started (shared-runtime.ts), for files that
 * need no flags of their own: its URL and the directory it was given as --logs-dir. Other files
 * run beside them, so a test reads only what it wrote (its own ids, its own correlation ids),
 * never a count of everything. The set-up stops it: `stop` here does nothing.
 */
export const sharedLocalRuntime = (): { readonly url: string; readonly logsDir: string; stop(): Promise<void> } => {
  const url = inject('localRuntimeUrl');
  const logsDir = inject('localRuntimeLogsDir');
  if (!url || !logsDir) throw new Error('No shared local runtime: this file must be in the e2e-shared project (vitest.config.ts)');
  return { url, logsDir, stop: () => Promise.resolve() };
};
