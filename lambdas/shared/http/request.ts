import type { APIGatewayProxyEvent } from 'aws-lambda';
import '../validation-messages';
import * as z from 'zod/mini';
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

/** A 400 `validation` problem naming each offending field. */
export const validationError = (detail: string, errors: ProblemFieldError[]): HttpError =>
  new HttpError(400, 'validation', 'Bad Request', detail, errors);

/**
 * Parses and validates a JSON request body: 415 for a non-JSON content type, 413 over
 * MAX_BODY_BYTES, 400 for malformed JSON, and 400 with `errors` for anything the schema refuses.
 */
export const parseBody = <S extends z.core.$ZodType>(event: APIGatewayProxyEvent, schema: S): z.infer<S> => {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpError(413, 'payload-too-large', 'Content Too Large', `The request body must not exceed ${MAX_BODY_BYTES} bytes.`);
  }
  if (text.length > 0 && !isJsonContentType(header(event, 'content-type'))) {
    throw new HttpError(415, 'unsupported-media-type', 'Unsupported Media Type', 'The request body must be sent as application/json.');
  }
  if (text.trim().length === 0) {
    throw validationError('A JSON request body is required.', [{ path: '/', message: 'Required' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'malformed-json', 'Bad Request', 'The request body is not valid JSON.');
  }
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationError('The request body is invalid.', issuesToErrors(result.error.issues));
  return result.data;
};

/** Validates query string parameters against a schema; 400 with `errors` when they do not fit. */
export const parseQuery = <S extends z.core.$ZodType>(event: APIGatewayProxyEvent, schema: S): z.infer<S> => {
  const result = z.safeParse(schema, event.queryStringParameters ?? {});
  if (!result.success) throw validationError('The query parameters are invalid.', issuesToErrors(result.error.issues));
  return result.data;
};

/** A path parameter that the route guarantees; its absence means the route is miswired. */
export const pathParameter = (event: APIGatewayProxyEvent, name: string): string => {
  const value = event.pathParameters?.[name];
  if (!value) throw validationError(`The path parameter ${name} is missing.`, [{ path: `/${name}`, message: 'Required' }]);
  return value;
};

/** Refuses a body on routes that take none, so a client's mistake is not silently ignored. */
export const requireNoBody = (event: APIGatewayProxyEvent): void => {
  if ((event.body ?? '').trim().length > 0) {
    throw validationError('This operation takes no request body.', [{ path: '/', message: 'Unexpected body' }]);
  }
};
