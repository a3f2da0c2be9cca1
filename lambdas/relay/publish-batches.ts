import type { PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import type { Envelope } from '../shared/events/envelope';

/** PublishBatch takes at most 10 entries... */
const MAX_BATCH_ENTRIES = 10;
/** ...whose messages, attributes included, add up to at most 256 KiB. */
export const MAX_BATCH_BYTES = 256 * 1024;

/** The SNS entry for an envelope: the message is the envelope itself; attributes serve filter policies and tracing. */
export const publishEntry = (envelope: Envelope, id: string): PublishBatchRequestEntry => ({
  Id: id,
  Message: JSON.stringify(envelope),
  MessageAttributes: {
    type: { DataType: 'String', StringValue: envelope.type },
    source: { DataType: 'String', StringValue: envelope.source },
    correlationId: { DataType: 'String', StringValue: envelope.correlationId },
  },
});

/** How much an entry counts against the batch size limit, as SNS counts it. */
const sizeOf = (entry: PublishBatchRequestEntry): number =>
  Buffer.byteLength(entry.Message ?? '') +
  Object.entries(entry.MessageAttributes ?? {}).reduce(
    (total, [name, value]) =>
      total + Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '') + Buffer.byteLength(value.StringValue ?? ''),
    0,
  );

/**
 * Splits items into consecutive batches that PublishBatch accepts, keeping their order. An
 * item too large on its own still gets a batch of its own, so SNS refuses it alone and it is
 * reported, rather than it taking its neighbours down with it.
 */
export const toBatches = <T>(items: readonly T[], entryOf: (item: T) => PublishBatchRequestEntry): T[][] => {
  const batches: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const item of items) {
    const bytes = sizeOf(entryOf(item));
    if (current.length > 0 && (current.length === MAX_BATCH_ENTRIES || currentBytes + bytes > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(item);
    currentBytes += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
};
