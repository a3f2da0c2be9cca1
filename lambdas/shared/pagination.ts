import * as z from 'zod/mini';
import { schema } from './schema';
import { InvalidInputError } from './errors';

/** `limit` and `cursor` for every list route. Query strings are strings, hence the coercion. */
export const pageQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  }),
);
export type PageQuery = z.infer<typeof pageQuery>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A cursor that is not one this API handed out for this listing: the HTTP layer answers 400. */
const invalidCursorError = (): InvalidInputError =>
  new InvalidInputError('The cursor is invalid.', { path: '/cursor', message: 'Invalid cursor' });

/**
 * Cursors are DynamoDB's LastEvaluatedKey, base64url-encoded. They are opaque to clients; a
 * tampered one must be refused (400), never passed to DynamoDB as a key of the caller's choosing,
 * so decoding checks that the key has exactly the attributes the query's index uses, and
 * `belongsToQuery` checks it points into the partition being listed (a key from another partition
 * would make DynamoDB fail the query: a 500 for what is the client's mistake).
 */
/** The smaller of DynamoDB's limits on a key attribute (a sort key's). */
const MAX_KEY_PART_BYTES = 1024;

export const encodeCursor = (key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;

export const decodeCursor = (
  cursor: string | undefined,
  keyAttributes: readonly string[],
  belongsToQuery: (key: Record<string, string>) => boolean = () => true,
): Record<string, string> | undefined => {
  if (cursor === undefined) return undefined;
  const invalid = invalidCursorError;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalid();
  const entries = Object.entries(decoded);
  const expected = [...keyAttributes].sort();
  const actual = entries.map(([key]) => key).sort();
  if (expected.length !== actual.length || expected.some((key, i) => key !== actual[i])) throw invalid();
  // DynamoDB refuses an empty key attribute, and a key part over its limit (1,024 bytes for a sort
  // key), as a ValidationException: a 500 for what is the client's mistake.
  if (entries.some(([, value]) => typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value, 'utf8') > MAX_KEY_PART_BYTES)) throw invalid();
  const key = decoded as Record<string, string>;
  if (!belongsToQuery(key)) throw invalid();
  return key;
};
