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

/** A table's relay on-failure queue: stream pointers, redriven from the table's outbox items. */
export interface RelayFailureQueueRef {
  /** What the user types: `<service>-relay-failures`, the queue's local name. */
  readonly name: string;
  readonly service: string;
  readonly url: string;
  /** The table whose stream the pointers point into, and whose outbox holds their events. */
  readonly tableName: string;
}

/**
 * Accepts the consumer's name or its DLQ's (`inventory` or `inventory-dlq`); `otherNames` are
 * the other queues the user could have meant, listed when the name is unknown.
 */
export const findQueue = (queues: readonly DeadLetterQueueRef[], requested: string, otherNames: readonly string[] = []): DeadLetterQueueRef => {
  const name = requested.replace(/-dlq$/, '');
  const found = queues.find((queue) => queue.name === name);
  if (!found) throw new UnknownQueueError(requested, [...queues.map((queue) => queue.name), ...otherNames]);
  return found;
};
