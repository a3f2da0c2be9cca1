import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import { HttpError, type ProblemFieldError } from './problem';
import { textErrors } from './text';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Header lookup is case-insensitive: clients and API Gateway do not agree on case. */
export const header = (event: APIGatewayProxyEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
};

const isJsonContentType = (value: string | undefined): boolean => {
  if (!value) return false;
  const mediaType = value.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
};

/** The `charset` parameter of a Content-Type, lower case and unquoted; undefined when there is none. */
const charsetOf = (value: string): string | undefined => {
  for (const parameter of value.split(';').slice(1)) {
    const [name, ...rest] = parameter.split('=');
    if (name!.trim().toLowerCase() === 'charset') return rest.join('=').trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return undefined;
};

/** Turns zod issues into problem `errors`, one per offending field, each with a JSON Pointer. */
export const issuesToErrors = (issues: readonly z.core.$ZodIssue[]): ProblemFieldError[] =>
  issues.flatMap((issue) => {
    const pointer = issue.path.map((segment) => `/${String(segment)}`).join('');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: `${pointer}/${key}`, message: 'Unknown field' }));
    }
    return [{ path: pointer || '/', message: issue.message }];
  });

/**
 * Validates through the schema's own Standard Schema interface rather than zod's `safeParse`: a
 * route that declares no schema then ships no zod at all. The issues are zod's, finalised with
 * the messages lambdas/shared/schema.ts configures wherever a schema is built.
 */
const validate = <S extends z.core.$ZodType>(schema: S, value: unknown, detail: string): z.output<S> => {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) throw new Error('Request schemas must be synchronous');
  if (result.issues) throw validationError(detail, issuesToErrors(result.issues as readonly z.core.$ZodIssue[]));
  return result.value as z.output<S>;
};

/** A 400 `validation` problem naming each offending field. */
export const validationError = (detail: string, errors: ProblemFieldError[]): HttpError =>
  new HttpError('validation', detail, errors);

/**
 * Parses and validates a JSON request body: 413 over MAX_BODY_BYTES, 415 for a non-JSON content
 * type or a charset other than UTF-8, `malformed-json` (400) for invalid UTF-8 or JSON, and 400
 * with `errors` for control characters in any string and for anything the schema refuses.
 */
export const parseBody = <S extends z.core.$ZodType>(event: APIGatewayProxyEvent, schema: S): z.output<S> => {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : undefined;
  if ((bytes?.length ?? Buffer.byteLength(raw, 'utf8')) > MAX_BODY_BYTES) {
    throw new HttpError('payload-too-large', `The request body must not exceed ${MAX_BODY_BYTES} bytes.`);
  }
  const contentType = header(event, 'content-type');
  if (raw.length > 0 && !isJsonContentType(contentType)) {
    throw new HttpError('unsupported-media-type', 'The request body must be sent as application/json.');
  }
  const charset = contentType === undefined ? undefined : charsetOf(contentType);
  if (raw.length > 0 && charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError('unsupported-media-type', 'The request body must be encoded as UTF-8 (charset=utf-8, or no charset).');
  }
  let text: string;
  try {
    text = bytes ? UTF8.decode(bytes) : raw;
  } catch {
    throw new HttpError('malformed-json', 'The request body is not valid UTF-8.');
  }
  // A gateway passes a text body on as a string, with each invalid UTF-8 sequence replaced by
  // U+FFFD: its only trace, and no client has a reason to send the character itself.
  if (text.includes('\ufffd')) throw new HttpError('malformed-json', 'The request body is not valid UTF-8.');
  if (text.trim().length === 0) {
    throw validationError('A JSON request body is required.', [{ path: '/', message: 'Required' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError('malformed-json', 'The request body is not valid JSON.');
  }
  const badText = textErrors(value);
  if (badText.length > 0) throw validationError('The request body holds characters that are not text.', badText);
  return validate(schema, value, 'The request body is invalid.');
};

/** Validates query string parameters against a schema; 400 with `errors` when they do not fit. */
export const parseQuery = <S extends z.core.$ZodType>(event: APIGatewayProxyEvent, schema: S): z.output<S> =>
  validate(schema, event.queryStringParameters ?? {}, 'The query parameters are invalid.');

/** Refuses every query parameter, for routes that declare none: a misspelt `limit` is a mistake, not a no-op. */
export const requireNoQuery = (event: APIGatewayProxyEvent): void => {
  const given = Object.keys(event.queryStringParameters ?? {});
  if (given.length > 0) {
    throw validationError('The query parameters are invalid.', given.map((name) => ({ path: `/${name}`, message: 'Unknown field' })));
  }
};

/** Refuses a body on routes that take none, so a client's mistake is not silently ignored. */
export const requireNoBody = (event: APIGatewayProxyEvent): void => {
  if ((event.body ?? '').trim().length > 0) {
    throw validationError('This operation takes no request body.', [{ path: '/', message: 'Unexpected body' }]);
  }
};
