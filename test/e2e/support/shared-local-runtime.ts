import { inject } from 'vitest';

/**
 * The runtime the e2e-shared project's global set-up started (shared-runtime.ts), for files that
 * need no flags of their own. The set-up stops it: `stop` here does nothing.
 */
export const sharedLocalRuntime = (): { readonly url: string; stop(): Promise<void> } => {
  const url = inject('localRuntimeUrl');
  if (!url) throw new Error('No shared local runtime: this file must be in the e2e-shared project (vitest.config.ts)');
  return { url, stop: () => Promise.resolve() };
};
