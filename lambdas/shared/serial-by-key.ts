/**
 * Runs tasks concurrently except where they share a key: a task starts only once every earlier
 * task sharing one of its keys has settled (succeeded or failed), so tasks on one key run one
 * after the other, in the order they were submitted. A task waits only on earlier ones, so
 * tasks with several keys cannot deadlock.
 */
export class SerialByKey {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const earlier = [...new Set(keys)].flatMap((key) => this.tails.get(key) ?? []);
    const result = Promise.all(earlier).then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    for (const key of keys) this.tails.set(key, settled);
    return result;
  }
}
