/** `show` and `redrive` of a relay's on-failure queue: what cli.ts runs when the queue named is one. */
import type { Output } from './cli';
import type { RelayFailureQueueRef } from './queues';
import { describePointer, formatPointer, outboxWindowOf, parseStreamPointer, PointerFormatError, type PointerSummary } from './relay-pointer';
import { checkOutboxEvent, redriveRelayPointers, type PointerOutcome } from './relay-redrive';
import { sqsPointerQueue } from './pointer-queue';
import { peekMessages } from './sqs-queues';
import type { DlqTarget } from './targets';

export const showRelayQueue = async (target: DlqTarget, queue: RelayFailureQueueRef, limit: number, out: Output, now: number): Promise<void> => {
  const raw = await peekMessages(target.sqs, queue.url, limit);
  out.line(`${queue.name} on ${target.description}: ${raw.length} stream pointer(s)${raw.length === limit ? ` (the first ${limit}; --limit shows more)` : ''}`);
  for (const message of raw) {
    const base = { messageId: message.messageId, receiveCount: message.receiveCount, ageSeconds: Math.max(0, Math.round((now - message.sentAt) / 1000)) };
    let summary: PointerSummary;
    try {
      const pointer = parseStreamPointer(message.body);
      const window = outboxWindowOf(pointer);
      const unmarked = pointer.tableName === queue.tableName ? await target.outbox.unmarkedBetween(queue.tableName, window.from, window.to) : [];
      summary = {
        ...base,
        pointer,
        unmarked: unmarked.map((item) => {
          const checked = checkOutboxEvent(item);
          return { eventId: item.eventId, type: item.type, ...('problems' in checked ? { problems: checked.problems } : {}) };
        }),
      };
      if (pointer.tableName !== queue.tableName) out.line(`(points into table ${pointer.tableName}, not ${queue.tableName}: a redrive leaves it parked)`);
    } catch (error) {
      if (!(error instanceof PointerFormatError)) throw error;
      summary = { ...base, pointer: error };
    }
    out.line(formatPointer(summary));
  }
};

const formatOutcome = (outcome: PointerOutcome): string => {
  if (outcome.kind === 'unreadable') return `pointer ${outcome.messageId}: left parked: ${outcome.reason}`;
  if (outcome.kind === 'other-table') return `pointer ${outcome.messageId}: left parked: it points into table ${outcome.pointer.tableName}, not ${outcome.expected}`;
  const counts = `${outcome.found} unpublished outbox item(s) in its window, ${outcome.published} republished, ${outcome.marked} marked`;
  const head = `pointer ${outcome.messageId} (${describePointer(outcome.pointer)}): ${counts}`;
  if (outcome.kind === 'redriven') return `${head}; deleted`;
  return [
    `${head}; left parked:`,
    ...outcome.invalid.map((item) => `  event ${item.eventId} is not a valid event (fix its outbox item, then redrive again): ${item.problems.join('; ')}`),
    ...(outcome.refused.length > 0 ? [`  SNS refused ${outcome.refused.length} event(s): ${outcome.refused.join(', ')}`] : []),
    ...(outcome.error ? [`  ${outcome.error}`] : []),
  ].join('\n');
};

export const redriveRelayQueue = async (target: DlqTarget, queue: RelayFailureQueueRef, out: Output): Promise<void> => {
  const report = await redriveRelayPointers(
    queue.tableName,
    { queue: sqsPointerQueue(target.sqs, queue.url), outbox: target.outbox, republisher: await target.republisher() },
    (outcome) => out.line(formatOutcome(outcome)),
    ({ pointersDone, pointersToDo, eventsPublished }) =>
      out.progress(`Redriving ${queue.name} from the ${queue.tableName} outbox: ${pointersDone}/${pointersToDo} pointer(s), ${eventsPublished} event(s) republished`),
  );
  out.line(`Redrove ${report.deleted} of ${report.pointers} pointer(s) from ${queue.name}: ${report.eventsPublished} event(s) republished.`);
  if (report.leftParked > 0) throw new Error(`${report.leftParked} pointer(s) left parked on ${queue.name} (see above); fix the cause and run the redrive again.`);
};
