import '../validation-messages';
import * as z from 'zod/mini';
import { newId } from '../ids';
import { nowIso } from '../clock';
import { eventSchemas, type EventData, type EventType, EVENT_TYPES } from './catalog';

/** The one envelope every event travels in, from outbox item to SNS message to SQS body. */
export const envelopeSchema = z.strictObject({
  id: z.string().check(z.minLength(1)),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  version: z.int().check(z.minimum(1)),
  source: z.string().check(z.minLength(1)),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().check(z.minLength(1)),
  subject: z.string().check(z.minLength(1)),
  data: z.record(z.string(), z.unknown()),
});

export type Envelope<T extends EventType = EventType> = Omit<z.infer<typeof envelopeSchema>, 'type' | 'data'> & {
  type: T;
  data: EventData<T>;
};

export type AnyEnvelope = { [T in EventType]: Envelope<T> }[EventType];

export interface EventContext {
  /** Carried from the request or event that caused this one. */
  readonly correlationId: string;
  /** The producing service. */
  readonly source: string;
}

/**
 * Builds an envelope and validates its data against the event's schema, so an invalid event
 * fails the producer's request instead of reaching a consumer.
 */
export const createEvent = <T extends EventType>(
  type: T,
  subject: string,
  data: EventData<T>,
  context: EventContext,
): Envelope<T> => ({
  id: newId(),
  type,
  version: 1,
  source: context.source,
  occurredAt: nowIso(),
  correlationId: context.correlationId,
  subject,
  data: eventSchemas[type].parse(data) as EventData<T>,
});

/**
 * Parses an incoming message body into a typed envelope; throws (a ZodError or SyntaxError)
 * when the body is not JSON, not an envelope, or its data does not match its type's schema.
 */
export const parseEnvelope = (body: string): AnyEnvelope => {
  const envelope = envelopeSchema.parse(JSON.parse(body));
  const data = eventSchemas[envelope.type].parse(envelope.data);
  return { ...envelope, data } as AnyEnvelope;
};
