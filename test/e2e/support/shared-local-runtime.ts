interface SharedRuntime {
  readonly url: string;
  /** The directory given to the runtime as --logs-dir: its access log and function logs. */
  readonly logsDir: string;
  /** Does nothing: the global set-up stops the runtime (runtime-on-demand.ts). */
  stop(): Promise<void>;
}

let current: Omit<SharedRuntime, 'stop'> | undefined;

/** Kept by runtime-on-demand-hooks.ts, before the file's own hooks run. */
export const useSharedRuntime = (runtime: Omit<SharedRuntime, 'stop'>): void => {
  current = runtime;
};

/**
 * In a hook or a test: the runtime of this file's project, started by its global set-up when the
 * first file of the project needed it (vitest.config.ts). In the e2e-shared project (files that
 * need no flags of their own) other files run beside this one, so a test reads only what it wrote
 * (its own ids, its own correlation ids), never a count of everything. In the e2e-scaled project
 * (scaled-runtime.ts) the files run one at a time, but on this one runtime: a file finds what the
 * files before it left (messages parked on a DLQ, or still on their way there), so it tells its
 * own messages apart by their ids, and lets a queue drain before it counts.
 */
export const sharedLocalRuntime = (): SharedRuntime => {
  if (!current) throw new Error('No shared local runtime: this file must be in the e2e-shared or e2e-scaled project (vitest.config.ts), and ask for it in a hook or a test');
  return { ...current, stop: () => Promise.resolve() };
};
