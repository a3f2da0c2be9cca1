/** The relay redrive's rules, over in-memory ports: what is republished, when a pointer is deleted, what stays parked. */
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../lambdas/shared/events/envelope';
import {
  redriveRelayPointers,
  type OutboxPort,
  type PointerOutcome,
  type PointerQueuePort,
  type QueuedPointer,
  type RelayRedriveProgress,
  type RepublishPort,
  type UnmarkedOutboxItem,
} from '../../../scripts/dlq/relay-redrive';
import { signedUp } from '../relay/fixtures';

const TABLE = 'users';
const STREAM = 'arn:aws:dynamodb:eu-west-1:123456789012:table/users/stream/2025-03-01T00:00:00.000';

const pointerBody = (first: string, last: string, streamArn = STREAM) =>
  JSON.stringify({
    requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 6 },
    timestamp: '2025-03-01T11:00:00.000Z',
    DDBStreamBatchInfo: {
      shardId: 'shardId-1',
      startSequenceNumber: '100',
      endSequenceNumber: '120',
      approximateArrivalOfFirstRecord: first,
      approximateArrivalOfLastRecord: last,
      batchSize: 3,
      streamArn,
    },
  });

/** Everything that happens, in order, across the fakes: the tests assert on the order. */
type Step = `republish ${string}` | `remove ${string}` | `release ${string}`;

class FakeQueue implements PointerQueuePort<QueuedPointer> {
  readonly visible: QueuedPointer[];
  readonly inFlight = new Map<string, QueuedPointer>();
  /** Messages that arrive on the queue while the run goes on. */
  readonly arriving: QueuedPointer[] = [];

  constructor(
    readonly steps: Step[],
    bodies: readonly string[],
  ) {
    this.visible = bodies.map((body, index) => ({ messageId: `p${index + 1}`, body }));
  }

  async count() {
    return this.visible.length + this.inFlight.size;
  }

  async receive() {
    this.visible.push(...this.arriving.splice(0));
    const taken = this.visible.splice(0, 2);
    for (const message of taken) this.inFlight.set(message.messageId, message);
    return taken;
  }

  async remove(message: QueuedPointer) {
    this.steps.push(`remove ${message.messageId}`);
    this.inFlight.delete(message.messageId);
  }

  async release(message: QueuedPointer) {
    this.steps.push(`release ${message.messageId}`);
    this.inFlight.delete(message.messageId);
    this.visible.push(message);
  }

  ids(): string[] {
    return [...this.visible, ...this.inFlight.values()].map((message) => message.messageId).sort();
  }
}

/** An outbox: items by id, with when they were written and whether they are marked. */
class FakeOutbox implements OutboxPort, RepublishPort {
  readonly items = new Map<string, { since: string; event: unknown; type: string; marked: boolean }>();
  readonly refuse = new Set<string>();
  failReads = false;

  constructor(readonly steps: Step[]) {}

  add(event: Envelope | Record<string, unknown>, { marked = false } = {}) {
    const since = String(event.occurredAt);
    this.items.set(String(event.id), { since, event, type: String(event.type), marked });
  }

  async unmarkedBetween(tableName: string, from: string, to: string): Promise<UnmarkedOutboxItem[]> {
    expect(tableName).toBe(TABLE);
    if (this.failReads) throw new Error('ProvisionedThroughputExceededException: slow down');
    return [...this.items]
      .filter(([, item]) => !item.marked && item.since >= from && item.since <= to)
      .sort(([, a], [, b]) => a.since.localeCompare(b.since))
      .map(([eventId, item]) => ({ eventId, type: item.type, event: item.event }));
  }

  async republish(tableName: string, envelopes: readonly Envelope[]) {
    expect(tableName).toBe(TABLE);
    const published = envelopes.filter((envelope) => !this.refuse.has(envelope.id)).map((envelope) => envelope.id);
    for (const id of published) {
      this.steps.push(`republish ${id}`);
      this.items.get(id)!.marked = true;
    }
    return { published, refused: envelopes.filter((envelope) => this.refuse.has(envelope.id)).map((envelope) => envelope.id), marked: published.length };
  }
}

const at = (time: string) => `2025-03-01T${time}${time.includes('.') ? '' : '.000'}Z`;
const event = (n: number, time: string) => signedUp(n, { occurredAt: at(time) });

const setUp = (bodies: readonly string[]) => {
  const steps: Step[] = [];
  const queue = new FakeQueue(steps, bodies);
  const outbox = new FakeOutbox(steps);
  const outcomes: PointerOutcome[] = [];
  const progress: RelayRedriveProgress[] = [];
  const run = () =>
    redriveRelayPointers(TABLE, { queue, outbox, republisher: outbox }, (outcome) => outcomes.push(outcome), (state) => progress.push(state));
  return { steps, queue, outbox, outcomes, progress, run };
};

describe('redriving a relay on-failure queue', () => {
  it('republishes the unmarked outbox items of each pointer\'s window, oldest first, then deletes the pointer', async () => {
    const { steps, queue, outbox, outcomes, run } = setUp([pointerBody(at('10:00:01'), at('10:00:05'))]);
    outbox.add(event(2, '10:00:04.500'));
    outbox.add(event(1, '10:00:01.200'));

    const report = await run();

    expect(steps).toEqual([`republish ${event(1, '10:00:01.200').id}`, `republish ${event(2, '10:00:04.500').id}`, 'remove p1']);
    expect(queue.ids()).toEqual([]);
    expect(report).toEqual({ pointers: 1, deleted: 1, leftParked: 0, eventsPublished: 2 });
    expect(outcomes[0]).toMatchObject({ kind: 'redriven', found: 2, published: 2, marked: 2, invalid: [], refused: [] });
  });

  it('skips items already marked published: it deletes a pointer whose events the sweeper published, republishing nothing', async () => {
    const { steps, outbox, outcomes, run } = setUp([pointerBody(at('10:00:01'), at('10:00:05'))]);
    outbox.add(event(1, '10:00:02'), { marked: true });

    await run();

    expect(steps).toEqual(['remove p1']);
    expect(outcomes[0]).toMatchObject({ kind: 'redriven', found: 0, published: 0 });
  });

  it('leaves alone the items of other times: older than a Lambda timeout before the first record, or after the last', async () => {
    const { steps, outbox, run } = setUp([pointerBody(at('10:30:00'), at('10:30:00'))]);
    outbox.add(event(1, '10:10:00'));
    outbox.add(event(2, '10:29:00'));
    outbox.add(event(3, '10:35:00'));

    await run();

    expect(steps).toEqual([`republish ${event(2, '10:29:00').id}`, 'remove p1']);
  });

  it('keeps a pointer parked, and says why, when an item in its window is not a valid event; the valid ones are still published', async () => {
    const { steps, queue, outbox, outcomes, run } = setUp([pointerBody(at('10:00:01'), at('10:00:05'))]);
    outbox.add(event(1, '10:00:02'));
    outbox.add({ ...event(2, '10:00:03'), version: 0 });

    const report = await run();

    expect(steps).toEqual([`republish ${event(1, '10:00:02').id}`, 'release p1']);
    expect(queue.ids()).toEqual(['p1']);
    expect(report).toEqual({ pointers: 1, deleted: 0, leftParked: 1, eventsPublished: 1 });
    expect(outcomes[0]).toMatchObject({ kind: 'parked', invalid: [{ eventId: event(2, '10:00:03').id, problems: [expect.stringMatching(/^event\.version: /)] }] });
  });

  it('keeps a pointer parked when SNS refuses one of its events, and deletes it on the next run once SNS accepts', async () => {
    const { steps, queue, outbox, outcomes, run } = setUp([pointerBody(at('10:00:01'), at('10:00:05'))]);
    outbox.add(event(1, '10:00:02'));
    outbox.refuse.add(event(1, '10:00:02').id);

    await run();
    expect(outcomes[0]).toMatchObject({ kind: 'parked', refused: [event(1, '10:00:02').id] });
    expect(queue.ids()).toEqual(['p1']);

    outbox.refuse.clear();
    await run();
    expect(steps).toEqual(['release p1', `republish ${event(1, '10:00:02').id}`, 'remove p1']);
    expect(queue.ids()).toEqual([]);
  });

  it('keeps a pointer parked when reading the outbox fails, and goes on with the next pointer', async () => {
    const { queue, outbox, outcomes, run } = setUp([pointerBody(at('10:00:01'), at('10:00:05')), 'garbage']);
    outbox.failReads = true;

    const report = await run();

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['parked', 'unreadable']);
    expect(outcomes[0]).toMatchObject({ error: 'ProvisionedThroughputExceededException: slow down' });
    expect(queue.ids()).toEqual(['p1', 'p2']);
    expect(report.leftParked).toBe(2);
  });

  it('keeps parked a message that is not a pointer, or a pointer into another table\'s stream', async () => {
    const { steps, queue, outbox, outcomes, run } = setUp([
      'not json',
      pointerBody(at('10:00:01'), at('10:00:05'), 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/x'),
    ]);
    outbox.add(event(1, '10:00:02'));

    await run();

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['unreadable', 'other-table']);
    expect(steps).toEqual(['release p1', 'release p2']);
    expect(queue.ids()).toEqual(['p1', 'p2']);
  });

  it('handles the number of pointers counted at the start: one parked during the run waits for the next', async () => {
    const { queue, outbox, run } = setUp([pointerBody(at('10:00:01'), at('10:00:05'))]);
    outbox.add(event(1, '10:00:02'));
    queue.arriving.push({ messageId: 'late', body: pointerBody(at('10:00:06'), at('10:00:06')) });

    const report = await run();

    expect(report.pointers).toBe(1);
    expect(queue.ids()).toEqual(['late']);
  });

  it('reports progress: pointers done of the count, events republished', async () => {
    const { outbox, progress, run } = setUp([pointerBody(at('10:00:01'), at('10:00:05')), pointerBody(at('11:00:00'), at('11:00:00'))]);
    outbox.add(event(1, '10:00:02'));
    outbox.add(event(2, '11:00:00'));

    await run();

    expect(progress[0]).toEqual({ pointersDone: 0, pointersToDo: 2, eventsPublished: 0 });
    expect(progress.at(-1)).toEqual({ pointersDone: 2, pointersToDo: 2, eventsPublished: 2 });
  });
});
