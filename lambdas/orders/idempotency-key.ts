import type { APIGatewayProxyEvent } from 'aws-lambda';
import { HttpError } from '../shared/http/problem';
import { header } from '../shared/http/request';

const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

const invalidKey = (detail: string): HttpError =>
  new HttpError('invalid-idempotency-key', detail, [
    { path: `/headers/${IDEMPOTENCY_KEY_HEADER}`, message: detail },
  ]);

/** RFC 8941 section 4.2.5: an sf-string is quoted, and only `\"` and `\\` are escapes. */
const parseSfString = (value: string): string => {
  let key = '';
  for (let i = 1; i < value.length; i += 1) {
    const char = value[i]!;
    if (char === '\\') {
      const next = value[i + 1];
      if (next !== '"' && next !== '\\') throw invalidKey('The Idempotency-Key string has an invalid escape.');
      key += next;
      i += 1;
    } else if (char === '"') {
      if (i !== value.length - 1) throw invalidKey('The Idempotency-Key has text after its closing quote.');
      return key;
    } else {
      key += char;
    }
  }
  throw invalidKey('The Idempotency-Key string has no closing quote.');
};

/**
 * The request's Idempotency-Key, or undefined when it has none. The IETF draft
 * (draft-ietf-httpapi-idempotency-key-header) makes the value a Structured Field String,
 * `Idempotency-Key: "8e03978e-..."`; many clients send the bare value, which is accepted too and
 * names the same key. Either way the key is 1-255 printable ASCII characters, else 400, and the
 * header may appear only once.
 */
export const idempotencyKeyOf = (event: APIGatewayProxyEvent): string | undefined => {
  const wanted = IDEMPOTENCY_KEY_HEADER.toLowerCase();
  const repeated = Object.entries(event.multiValueHeaders ?? {}).some(
    ([name, values]) => name.toLowerCase() === wanted && (values?.length ?? 0) > 1,
  );
  if (repeated) throw invalidKey('Send the Idempotency-Key header only once.');

  const raw = header(event, IDEMPOTENCY_KEY_HEADER);
  if (raw === undefined) return undefined;
  // Optional whitespace around a field value is not part of it (RFC 9110 section 5.5).
  const value = raw.trim();
  const key = value.startsWith('"') ? parseSfString(value) : value;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !PRINTABLE_ASCII.test(key)) {
    throw invalidKey(`The Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters.`);
  }
  return key;
};
