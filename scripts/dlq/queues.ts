/** Which dead-letter queues exist, and finding one by the name a user types. */
export interface DeadLetterQueueRef {
  /** The consumer's name, as lib/app.ts declares it (`inventory`). */
  readonly name: string;
  readonly dlqUrl: string;
  /** The consumer's queue, where a redrive sends the messages back. */
  readonly sourceUrl: string;
  /** The consumer function, whose log says why a message failed (local runtime only). */
  readonly functionName: string;
}

export class UnknownQueueError extends Error {
  override readonly name = 'UnknownQueueError';
  constructor(requested: string, known: readonly string[]) {
    super(`There is no dead-letter queue "${requested}". Known queues: ${known.join(', ')}.`);
  }
}

/** Accepts the consumer's name or its DLQ's (`inventory` or `inventory-dlq`). */
export const findQueue = (queues: readonly DeadLetterQueueRef[], requested: string): DeadLetterQueueRef => {
  const name = requested.replace(/-dlq$/, '');
  const found = queues.find((queue) => queue.name === name);
  if (!found) throw new UnknownQueueError(requested, queues.map((queue) => queue.name));
  return found;
};
