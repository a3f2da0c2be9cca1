/**
 * What `show` says about one parked message: read from its body (an event envelope, or not) and
 * its SQS attributes. No AWS import: the SQS adapter hands over plain values.
 */
export interface RawParkedMessage {
  readonly messageId: string;
  readonly body: string;
  /** ApproximateReceiveCount: receives before it was parked, plus the peeks since. */
  readonly receiveCount: number;
  /** SentTimestamp, in epoch milliseconds: when the message was first sent to the consumer's queue. */
  readonly sentAt: number;
}

export interface ParkedMessage {
  readonly messageId: string;
  readonly eventType: string;
  readonly eventId: string;
  readonly correlationId: string;
  readonly receiveCount: number;
  readonly ageSeconds: number;
  readonly lastError?: string;
}

const NOT_AN_EVENT = '(not an event)';

const field = (value: Record<string, unknown>, key: string): string => (typeof value[key] === 'string' && value[key] !== '' ? value[key] : '-');

export const describeParkedMessage = (raw: RawParkedMessage, now: number, lastError?: string): ParkedMessage => {
  let envelope: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(raw.body);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) envelope = parsed as Record<string, unknown>;
  } catch {
    envelope = undefined;
  }
  return {
    messageId: raw.messageId,
    eventType: envelope ? field(envelope, 'type') : NOT_AN_EVENT,
    eventId: envelope ? field(envelope, 'id') : '-',
    correlationId: envelope ? field(envelope, 'correlationId') : '-',
    receiveCount: raw.receiveCount,
    ageSeconds: Math.max(0, Math.round((now - raw.sentAt) / 1000)),
    ...(lastError === undefined ? {} : { lastError }),
  };
};

export const formatAge = (seconds: number): string => {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
};

export const formatParkedMessage = (message: ParkedMessage): string =>
  [
    `${message.eventType}  event ${message.eventId}  correlation ${message.correlationId}`,
    `  message ${message.messageId}  received ${message.receiveCount}x  age ${formatAge(message.ageSeconds)}`,
    `  last error: ${message.lastError ?? '(none logged)'}`,
  ].join('\n');
