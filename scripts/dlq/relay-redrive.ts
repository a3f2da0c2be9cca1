/**
 * The redrive of a relay's on-failure queue: for each parked stream pointer, republish the events
 * its records carried, read from the outbox items (the stream may have dropped the records: it
 * keeps them 24 hours, the queue keeps pointers 14 days, the outbox keeps items 15), then delete
 * the pointer. Plain code over three ports; the adapters are pointer-queue.ts, outbox-reader.ts
 * and relay-republisher.ts.
 */
import { envelopeSchema, type Envelope } from '../../lambdas/shared/events/envelope';
import { outboxWindowOf, parseStreamPointer, PointerFormatError, type StreamPointer } from './relay-pointer';

/** A pointer message as the queue hands it over. */
export interface QueuedPointer {
  readonly messageId: string;
  readonly body: string;
}

export interface PointerQueuePort<M extends QueuedPointer> {
  /** Everything the queue holds now: the most one run handles, so it ends. */
  count(): Promise<number>;
  /** Up to 10 pointers, hidden from other readers for the rest of the run. */
  receive(): Promise<M[]>;
  /** Deletes a pointer whose events are published. */
  remove(message: M): Promise<void>;
  /** Makes a pointer visible again at once: it stays parked. */
  release(message: M): Promise<void>;
}

/** An outbox item not marked published, as the outbox adapter reads it. */
export interface UnmarkedOutboxItem {
  readonly eventId: string;
  /** The item's `type` attribute, to name it even when its event is not a valid envelope. */
  readonly type: string;
  readonly event: unknown;
}

export interface OutboxPort {
  /**
   * The items of `tableName` waiting since a time in [from, to] that a consistent read finds not
   * marked published, oldest first.
   */
  unmarkedBetween(tableName: string, from: string, to: string): Promise<UnmarkedOutboxItem[]>;
}

interface RepublishResult {
  /** Ids of the events SNS accepted. */
  readonly published: readonly string[];
  /** Ids of the events SNS refused: still unmarked. */
  readonly refused: readonly string[];
  /** How many of the published were marked (a failed mark costs one more publish by the sweeper, nothing else). */
  readonly marked: number;
}

export interface RepublishPort {
  /** Publishes through the relay's code, in order, and marks on their outbox items those SNS accepted. */
  republish(tableName: string, envelopes: readonly Envelope[]): Promise<RepublishResult>;
}

export type PointerOutcome =
  | { readonly kind: 'unreadable'; readonly messageId: string; readonly reason: string }
  | { readonly kind: 'other-table'; readonly messageId: string; readonly pointer: StreamPointer; readonly expected: string }
  | {
      readonly kind: 'redriven' | 'parked';
      readonly messageId: string;
      readonly pointer: StreamPointer;
      /** Unmarked outbox items in the pointer's window. */
      readonly found: number;
      readonly published: number;
      readonly marked: number;
      readonly invalid: readonly { readonly eventId: string; readonly problems: readonly string[] }[];
      readonly refused: readonly string[];
      /** An error that stopped the pointer's redrive midway (a DynamoDB or SNS call that threw). */
      readonly error?: string;
    };

export interface RelayRedriveProgress {
  readonly pointersDone: number;
  readonly pointersToDo: number;
  readonly eventsPublished: number;
}

export interface RelayRedriveReport {
  readonly pointers: number;
  readonly deleted: number;
  readonly leftParked: number;
  readonly eventsPublished: number;
}

export interface RelayRedrivePorts<M extends QueuedPointer> {
  readonly queue: PointerQueuePort<M>;
  readonly outbox: OutboxPort;
  readonly republisher: RepublishPort;
}

/** Events published per call to the relay's code: the unit of progress on a long window. */
const REPUBLISH_CHUNK = 100;

/** An item's event as the relay would read it: a valid envelope, or why not. */
export const checkOutboxEvent = (item: UnmarkedOutboxItem): { envelope: Envelope } | { problems: string[] } => {
  const parsed = envelopeSchema.safeParse(item.event);
  if (parsed.success) return { envelope: parsed.data as Envelope };
  // Paths and messages only, as the relay logs them: values can carry personal details.
  return { problems: parsed.error.issues.map((issue) => `${['event', ...issue.path].join('.')}: ${issue.message}`) };
};

const redriveOne = async <M extends QueuedPointer>(
  message: M,
  tableName: string,
  ports: RelayRedrivePorts<M>,
  onPublished: (count: number) => void,
): Promise<PointerOutcome> => {
  let pointer: StreamPointer;
  try {
    pointer = parseStreamPointer(message.body);
  } catch (error) {
    if (error instanceof PointerFormatError) return { kind: 'unreadable', messageId: message.messageId, reason: error.message };
    throw error;
  }
  // A pointer names its table by its stream's ARN; one parked on another table's queue cannot be trusted to this outbox.
  if (pointer.tableName !== tableName) return { kind: 'other-table', messageId: message.messageId, pointer, expected: tableName };

  const { from, to } = outboxWindowOf(pointer);
  const invalid: { eventId: string; problems: string[] }[] = [];
  const refused: string[] = [];
  let found = 0;
  let published = 0;
  let marked = 0;
  try {
    const items = await ports.outbox.unmarkedBetween(tableName, from, to);
    found = items.length;
    const envelopes: Envelope[] = [];
    for (const item of items) {
      const checked = checkOutboxEvent(item);
      if ('envelope' in checked) envelopes.push(checked.envelope);
      else invalid.push({ eventId: item.eventId, problems: checked.problems });
    }
    for (let start = 0; start < envelopes.length; start += REPUBLISH_CHUNK) {
      const result = await ports.republisher.republish(tableName, envelopes.slice(start, start + REPUBLISH_CHUNK));
      published += result.published.length;
      marked += result.marked;
      refused.push(...result.refused);
      onPublished(result.published.length);
    }
  } catch (error) {
    return { kind: 'parked', messageId: message.messageId, pointer, found, published, marked, invalid, refused, error: (error as Error).message };
  }
  const kind = invalid.length === 0 && refused.length === 0 ? 'redriven' : 'parked';
  return { kind, messageId: message.messageId, pointer, found, published, marked, invalid, refused };
};

/**
 * Redrives the pointers parked on one table's relay on-failure queue. The number to handle is
 * fixed when it starts, like a message move task. A pointer is deleted only once every unmarked
 * event of its window is published; otherwise (an item that is not a valid event, a refusal by
 * SNS, an error) it stays parked, visible again when the run ends, and its outcome says why.
 */
export const redriveRelayPointers = async <M extends QueuedPointer>(
  tableName: string,
  ports: RelayRedrivePorts<M>,
  onOutcome: (outcome: PointerOutcome) => void,
  progress: (state: RelayRedriveProgress) => void,
): Promise<RelayRedriveReport> => {
  const pointersToDo = await ports.queue.count();
  const seen = new Set<string>();
  const parked: M[] = [];
  let deleted = 0;
  let eventsPublished = 0;
  let idleReceives = 0;
  progress({ pointersDone: 0, pointersToDo, eventsPublished });
  try {
    while (seen.size < pointersToDo && idleReceives < 3) {
      const fresh = (await ports.queue.receive()).filter((message) => !seen.has(message.messageId));
      if (fresh.length === 0) {
        idleReceives++;
        continue;
      }
      idleReceives = 0;
      for (const message of fresh) {
        if (seen.size >= pointersToDo) {
          parked.push(message);
          continue;
        }
        seen.add(message.messageId);
        const outcome = await redriveOne(message, tableName, ports, (count) => {
          eventsPublished += count;
          progress({ pointersDone: seen.size - 1, pointersToDo, eventsPublished });
        });
        // Deleted only now, after every event of its window is published: a crash before this
        // line leaves the pointer parked, and the next run finds its events marked.
        if (outcome.kind === 'redriven') {
          await ports.queue.remove(message);
          deleted++;
        } else parked.push(message);
        onOutcome(outcome);
        progress({ pointersDone: seen.size, pointersToDo, eventsPublished });
      }
    }
  } finally {
    // Whatever is not deleted goes back in sight at once, rather than after the receive's long visibility timeout.
    // One that cannot be released comes back by itself when that timeout ends: nothing is lost either way.
    for (const message of parked) await ports.queue.release(message).catch(() => undefined);
  }
  return { pointers: seen.size, deleted, leftParked: seen.size - deleted, eventsPublished };
};
