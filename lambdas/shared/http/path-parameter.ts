import * as z from 'zod/mini';

/**
 * A path parameter as it may reach a table key: 1 to 128 characters that need no escaping in a
 * URL path and contain no `#` (the key separator). Anything else cannot name a stored item, and
 * refusing it here keeps a client-chosen string from reaching DynamoDB as an invalid key (a 500).
 */
export const pathParameter = z.string().check(
  z.minLength(1),
  z.maxLength(128),
  z.regex(/^[A-Za-z0-9._~@:+=-]+$/, 'Use 1 to 128 letters, digits or ._~@:+=-'),
);
