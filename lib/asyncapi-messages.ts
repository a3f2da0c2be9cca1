/**
 * The AsyncAPI message of one event type: its payload is the envelope (lambdas/shared/events/envelope.ts)
 * with `type`, `version` and `source` fixed to the event's and `data` replaced by the event's own schema.
 */
import { z } from 'zod';
import { envelopeSchema } from '../lambdas/shared/events/envelope';
import type { EventDeclaration } from './declaration';

type Json = Record<string, unknown>;

/** What the AsyncAPI document says about one event type: its declaration, less the envelope's `source`. */
export type DocumentedEvent = Pick<EventDeclaration, 'producer' | 'description' | 'version' | 'data'>;

/**
 * A zod schema as JSON Schema draft-07: AsyncAPI 3.0's default schema format (the AsyncAPI Schema
 * Object) is a superset of draft-07, not of 2020-12. `$schema` goes: the message's format says it.
 * `additionalProperties: false` stays, unlike in the OpenAPI responses: consumers parse `data` with
 * strict objects, so an unknown field is refused until they are updated.
 */
const draft07 = (schema: z.core.$ZodType): Json => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'output',
    override: ({ jsonSchema }) => {
      // Integers here are far below 2^53; zod's safe-integer bounds are noise in a contract.
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      // The format says it; zod's regex for it is a screenful that tools render verbatim.
      if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
    },
  }) as Json;
  return json;
};

/** The envelope of one event type, as a JSON Schema draft-07 payload. */
const payloadOf = (type: string, event: DocumentedEvent): Json => {
  const envelope = draft07(envelopeSchema);
  const properties = envelope.properties as Record<string, Json>;
  return {
    ...envelope,
    properties: {
      ...properties,
      type: { type: 'string', const: type },
      version: { type: 'integer', const: event.version },
      source: { type: 'string', const: event.producer },
      data: draft07(event.data),
    },
  };
};

/** The message of one event type, for `components.messages`. */
export const messageOf = (type: string, event: DocumentedEvent): Json => ({
  name: type,
  title: type,
  summary: event.description,
  description: `Published by the ${event.producer} service, envelope version ${event.version}. The SNS message attribute \`type\` is \`${type}\`, which the queues' filter policies match.`,
  contentType: 'application/json',
  correlationId: {
    description: 'Carried from the request or event that caused this one, for tracing across services',
    location: '$message.payload#/correlationId',
  },
  payload: payloadOf(type, event),
});
