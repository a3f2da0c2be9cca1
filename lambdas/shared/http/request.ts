import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import { HttpError, type ProblemFieldError } from './problem';

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
 * Parses and validates a JSON request body: 415 for a non-JSON content type, 413 over
 * MAX_BODY_BYTES, 400 for malformed JSON, and 400 with `errors` for anything the schema refuses.
 */
export const parseBody = <S extends z.core.$ZodType>(event: APIGatewayProxyEvent, schema: S): z.output<S> => {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpError('payload-too-large', `The request body must not exceed ${MAX_BODY_BYTES} bytes.`);
  }
  if (text.length > 0 && !isJsonContentType(header(event, 'content-type'))) {
    throw new HttpError('unsupported-media-type', 'The request body must be sent as application/json.');
  }
  if (text.trim().length === 0) {
    throw validationError('A JSON request body is required.', [{ path: '/', message: 'Required' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError('malformed-json', 'The request body is not valid JSON.');
  }
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
