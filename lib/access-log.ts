/**
 * The fields of one access log line: one JSON object per request. The stage's access log format
 * (lib/constructs/api.ts) maps each field to an API Gateway `$context` variable, and the local
 * gateway writes the same fields, so a log query works on both sides.
 *
 * No User-Agent: API Gateway substitutes `$context.identity.userAgent` verbatim, with no quoted
 * variant, so a client sending a `"` in it would break the line's JSON (and could forge fields).
 */
export const ACCESS_LOG_FIELD_NAMES = [
  'requestId',
  'ip',
  'sub',
  'apiKeyId',
  'requestTime',
  'method',
  'path',
  'route',
  'protocol',
  'status',
  'latency',
  'integrationLatency',
  'responseLength',
  'error',
  'xrayTraceId',
] as const;

export type AccessLogFieldName = (typeof ACCESS_LOG_FIELD_NAMES)[number];
