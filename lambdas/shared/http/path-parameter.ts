/**
 * A path parameter as it may reach a table key: 1 to 128 characters that need no escaping in a
 * URL path and contain no `#` (the key separator). Anything else cannot name a stored item, and
 * refusing it keeps a client-chosen string from reaching DynamoDB as an invalid key (a 500).
 * A plain pattern, not a schema: a route with no other input then ships no zod. The OpenAPI
 * document describes parameters with the same constants.
 */
export const PATH_PARAMETER_MAX_LENGTH = 128;
export const PATH_PARAMETER_PATTERN = /^[A-Za-z0-9._~@:+=-]+$/;

export const isPathParameter = (value: string): boolean =>
  value.length >= 1 && value.length <= PATH_PARAMETER_MAX_LENGTH && PATH_PARAMETER_PATTERN.test(value);
