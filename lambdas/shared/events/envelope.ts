import '../validation-messages';
import * as z from 'zod/mini';
import type { EventContract } from '../contract';
import { newId } from '../ids';
import { nowIso } from '../clock';

/**
 * The one envelope every event travels in, from outbox item to SNS message to SQS body. Its
 * `type` is any name here: which types exist, and what their `data` holds, is each producer's
 * events module; a consumer checks both against the events it declares.
 */
export const envelopeSchema = z.strictObject({
  id: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  version: z.int().check(z.minimum(1)),
  source: z.string().check(z.minLength(1)),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().check(z.minLength(1)),
  subject: z.string().check(z.minLength(1)),
  data: z.record(z.string(), z.unknown()),
});

/** An event of the given declaration, with its typed `data`; `Envelope` alone is any event. */
export type Envelope<E extends EventContract = EventContract> = Omit<z.infer<typeof envelopeSchema>, 'type' | 'data'> & {
  type: E['type'];
  data: z.output<E['data']>;
};

/** One envelope of any of the given declarations, as a union narrowed by `type`. */
export type EnvelopeOf<E extends EventContract> = E extends EventContract ? Envelope<E> : never;

/**
 * Builds an envelope and validates its data against the event's schema, so an invalid event
 * fails the producer's request instead of reaching a consumer. The correlation id is carried
 * from the request or event that caused this one.
 */
export const createEvent = <E extends EventContract>(
  declaration: E,
  subject: string,
  data: z.input<E['data']>,
  correlationId: string,
): Envelope<E> => ({
  id: newId(),
  type: declaration.type,
  version: declaration.version,
  source: declaration.source,
  occurredAt: nowIso(),
  correlationId,
  subject,
  data: z.parse(declaration.data, data) as z.output<E['data']>,
});

/** A message whose type is none of the events its consumer declares: its filter policy should have kept it out. */
export class UndeclaredEventTypeError extends Error {
  constructor(type: string) {
    super(`This consumer does not declare ${type}; its subscription filter policy should not have delivered it`);
    this.name = 'UndeclaredEventTypeError';
  }
}

/**
 * Parses an incoming message body into a typed envelope of one of `events`; throws (a ZodError,
 * a SyntaxError or UndeclaredEventTypeError) when the body is not JSON, not an envelope, of
 * another type, or its data does not match its type's schema.
 */
export const parseEnvelope = <E extends EventContract>(body: string, events: readonly E[]): EnvelopeOf<E> => {
  const envelope = z.parse(envelopeSchema, JSON.parse(body));
  const declaration = events.find((event) => event.type === envelope.type);
  if (!declaration) throw new UndeclaredEventTypeError(envelope.type);
  return { ...envelope, data: z.parse(declaration.data, envelope.data) } as EnvelopeOf<E>;
};
