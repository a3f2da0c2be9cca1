/**
 * What a relay's on-failure queue holds: not events, but pointers to stream records. Lambda (and
 * the local stream poller, local/events/stream-poller.ts) sends one per batch of records it gave
 * up on, in the shape of "Lambda on-failure destinations for DynamoDB streams":
 * `{requestContext, responseContext, version, timestamp, DDBStreamBatchInfo: {shardId,
 * startSequenceNumber, endSequenceNumber, approximateArrivalOfFirstRecord,
 * approximateArrivalOfLastRecord, batchSize, streamArn}}`. No AWS import.
 */
import { z } from 'zod';
import { formatAge } from './parked-message';

const pointerSchema = z.object({
  requestContext: z.object({ condition: z.string().optional(), approximateInvokeCount: z.number().optional() }).optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  DDBStreamBatchInfo: z.object({
    shardId: z.string().min(1),
    startSequenceNumber: z.string().min(1),
    endSequenceNumber: z.string().min(1),
    approximateArrivalOfFirstRecord: z.iso.datetime({ offset: true }),
    approximateArrivalOfLastRecord: z.iso.datetime({ offset: true }),
    batchSize: z.number().int().positive(),
    streamArn: z.string().regex(/^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/[^/]+\/stream\/.+$/, 'Expected a DynamoDB stream ARN'),
  }),
});

export interface StreamPointer {
  /** The table whose stream the records are in (from the stream ARN). */
  readonly tableName: string;
  readonly streamArn: string;
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly batchSize: number;
  /** When DynamoDB wrote the first and the last record, rounded down to the second. */
  readonly firstArrival: Date;
  readonly lastArrival: Date;
  /** Why Lambda gave up: RetryAttemptsExhausted or RecordAgeExceeded. */
  readonly condition?: string;
  /** When the pointer was parked. */
  readonly parkedAt?: Date;
}

export class PointerFormatError extends Error {
  override readonly name = 'PointerFormatError';
}

export const parseStreamPointer = (body: string): StreamPointer => {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new PointerFormatError('The message is not JSON, so not a stream batch pointer.');
  }
  const parsed = pointerSchema.safeParse(value);
  if (!parsed.success) {
    throw new PointerFormatError(`The message is not a stream batch pointer: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ')}`);
  }
  const { DDBStreamBatchInfo: info, requestContext, timestamp } = parsed.data;
  return {
    tableName: info.streamArn.split(':table/')[1]!.split('/stream/')[0]!,
    streamArn: info.streamArn,
    shardId: info.shardId,
    startSequenceNumber: info.startSequenceNumber,
    endSequenceNumber: info.endSequenceNumber,
    batchSize: info.batchSize,
    firstArrival: new Date(info.approximateArrivalOfFirstRecord),
    lastArrival: new Date(info.approximateArrivalOfLastRecord),
    ...(requestContext?.condition === undefined ? {} : { condition: requestContext.condition }),
    ...(timestamp === undefined ? {} : { parkedAt: new Date(timestamp) }),
  };
};

/**
 * The longest a function can hold an event between creating it (its `occurredAt`, which is the
 * outbox item's `awaitingSince`) and the write that stores it: Lambda's maximum timeout. The
 * functions of this app write within their own timeout, much shorter, so this is a bound, not an
 * estimate.
 */
const LONGEST_WRITE_DELAY_MS = 15 * 60_000;
/** Arrival times are rounded down to the second; a minute more absorbs any clock skew between a function and DynamoDB. */
const ARRIVAL_SLACK_MS = 60_000;

/**
 * The outbox items a pointer's records can be: those waiting since a time in this window.
 *
 * Why this is complete without the stream (whose records are gone after 24 hours): every record
 * the pointer names is the INSERT of an outbox item into this table (the relay's filter lets
 * nothing else through), written between the first and the last arrival. The item's
 * `awaitingSince` is its event's `occurredAt`, set by the function that wrote it, in the same
 * invocation: never more than a Lambda timeout before the write, never after it (bar clock skew).
 * So each of the pointer's events is either marked published already (by the relay, the sweeper
 * or an earlier redrive: nothing to do) or an unmarked item in this window.
 *
 * Why it is duplicate-safe: only items a consistent read finds unmarked are republished, and an
 * unmarked item in the window that belongs to another batch is an event nobody has marked
 * published either, which the sweeper would publish anyway; a copy of an event that did reach
 * SNS (published, then its mark failed) changes nothing, since every consumer is idempotent by
 * event id.
 */
export const outboxWindowOf = (pointer: StreamPointer): { readonly from: string; readonly to: string } => ({
  from: new Date(pointer.firstArrival.getTime() - LONGEST_WRITE_DELAY_MS).toISOString(),
  to: new Date(pointer.lastArrival.getTime() + ARRIVAL_SLACK_MS).toISOString(),
});

/** One line naming where a pointer points: table, shard, sequence range, record count and arrival times. */
export const describePointer = (pointer: StreamPointer): string =>
  `table ${pointer.tableName}  shard ${pointer.shardId}  records ${pointer.startSequenceNumber}..${pointer.endSequenceNumber} (${pointer.batchSize})  ` +
  `written ${pointer.firstArrival.toISOString()}..${pointer.lastArrival.toISOString()}`;

export interface PointerSummary {
  readonly messageId: string;
  readonly receiveCount: number;
  readonly ageSeconds: number;
  readonly pointer: StreamPointer | PointerFormatError;
  /** The unmarked outbox items in the pointer's window, oldest first (up to a few shown by id). */
  readonly unmarked?: readonly { readonly eventId: string; readonly type: string; readonly problems?: readonly string[] }[];
}

const SHOWN_ITEMS = 5;

/** What `show` prints about one parked pointer. */
export const formatPointer = (summary: PointerSummary): string => {
  const { pointer } = summary;
  const header = `  message ${summary.messageId}  received ${summary.receiveCount}x  age ${formatAge(summary.ageSeconds)}`;
  if (pointer instanceof PointerFormatError) return [`(not a stream pointer)  ${pointer.message}`, header].join('\n');
  const unmarked = summary.unmarked ?? [];
  const window = outboxWindowOf(pointer);
  const lines = [
    `${pointer.condition ?? 'parked'}  ${describePointer(pointer)}`,
    `${header}${pointer.parkedAt ? `  parked ${pointer.parkedAt.toISOString()}` : ''}`,
    `  unpublished outbox items of ${pointer.tableName} written ${window.from}..${window.to}: ${unmarked.length}` +
      (unmarked.length === 0 ? ' (its events were published since: a redrive only deletes it)' : ''),
    ...unmarked.slice(0, SHOWN_ITEMS).map((item) => `    ${item.type} ${item.eventId}${item.problems ? `  NOT A VALID EVENT: ${item.problems.join('; ')}` : ''}`),
  ];
  if (unmarked.length > SHOWN_ITEMS) lines.push(`    ... and ${unmarked.length - SHOWN_ITEMS} more`);
  return lines.join('\n');
};
