/**
 * A Lambda proxy integration's result turned into the HTTP response, as API Gateway does:
 * headers and multiValueHeaders merged (multiValueHeaders win for a name in both), the body
 * base64-decoded when isBase64Encoded. Anything else is a malformed response: a 502.
 */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: [string, string][];
  readonly body: Buffer;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);

/** The HTTP response, or a reason the result is malformed. */
export const toHttpResponse = (result: unknown): HttpResponse | { malformed: string } => {
  if (!isRecord(result)) return { malformed: 'the result is not an object' };
  const { statusCode, headers = {}, multiValueHeaders = {}, body, isBase64Encoded } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    return { malformed: 'statusCode is not an HTTP status' };
  }
  if (!isRecord(headers) || !Object.values(headers).every(isScalar)) return { malformed: 'headers must map names to strings' };
  if (!isRecord(multiValueHeaders) || !Object.values(multiValueHeaders).every((values) => Array.isArray(values) && values.every(isScalar))) {
    return { malformed: 'multiValueHeaders must map names to arrays of strings' };
  }
  if (body !== undefined && body !== null && typeof body !== 'string') return { malformed: 'body must be a string' };

  const merged: [string, string][] = [];
  const multiNames = new Set(Object.keys(multiValueHeaders).map((name) => name.toLowerCase()));
  for (const [name, values] of Object.entries(multiValueHeaders as Record<string, unknown[]>)) {
    for (const value of values) merged.push([name, String(value)]);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!multiNames.has(name.toLowerCase())) merged.push([name, String(value)]);
  }
  const text = body ?? '';
  return { statusCode, headers: merged, body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8') };
};
