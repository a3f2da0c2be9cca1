/**
 * Kills a runtime the way a crash or `kill -9` does: SIGKILL to its whole process group (the
 * runtime, its worker threads and DynamoDB Local's JVM), with no chance to save anything.
 */
import type { RunningRuntime } from './local-runtime';
import { descendantsOf, isAlive } from './local-runtime';
import { eventually } from './api-client';

export const crash = async (runtime: RunningRuntime): Promise<void> => {
  const pid = runtime.child.pid!;
  const family = [pid, ...descendantsOf(pid)];
  process.kill(-pid, 'SIGKILL');
  await eventually(
    async () => family.filter(isAlive),
    (alive) => alive.length === 0,
    { timeoutMs: 15_000, intervalMs: 100, what: 'every process of the killed runtime to be gone' },
  );
};
