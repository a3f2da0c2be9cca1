import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from '../../../lambdas/shared/http/problem';
import { MAX_BODY_BYTES, parseBody } from '../../../lambdas/shared/http/request';

const schema = z.strictObject({ name: z.string().min(1), count: z.number().int() });
const eventWith = (body: string | null, contentType = 'application/json'): APIGatewayProxyEvent =>
  ({ body, headers: { 'Content-Type': contentType }, isBase64Encoded: false }) as unknown as APIGatewayProxyEvent;

const failureOf = (fn: () => unknown): HttpError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected an HttpError');
};

describe('parseBody', () => {
  it('returns the parsed body when it fits the schema', () => {
    expect(parseBody(eventWith('{"name":"a","count":2}'), schema)).toEqual({ name: 'a', count: 2 });
  });

  it('accepts a JSON content type with parameters and a +json suffix', () => {
    expect(parseBody(eventWith('{"name":"a","count":2}', 'application/merge-patch+json; charset=utf-8'), schema)).toEqual({ name: 'a', count: 2 });
  });

  it('refuses malformed JSON with 400', () => {
    const error = failureOf(() => parseBody(eventWith('{"name":'), schema));
    expect(error.status).toBe(400);
    expect(error.toProblem()).toMatchObject({ type: '/problems/malformed-json', status: 400 });
  });

  it('lists every wrong type, missing field and unknown field with a JSON pointer', () => {
    const error = failureOf(() => parseBody(eventWith('{"count":"2","extra":1}'), schema));
    expect(error.status).toBe(400);
    expect(error.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/name' }),
        expect.objectContaining({ path: '/count' }),
        { path: '/extra', message: 'Unknown field' },
      ]),
    );
  });

  it('refuses a body over the limit with 413 before parsing it', () => {
    const error = failureOf(() => parseBody(eventWith(`"${'x'.repeat(MAX_BODY_BYTES)}"`), schema));
    expect(error.status).toBe(413);
  });

  it('refuses a non-JSON content type with 415', () => {
    const error = failureOf(() => parseBody(eventWith('name=a', 'application/x-www-form-urlencoded'), schema));
    expect(error.status).toBe(415);
  });

  it('refuses an empty body with 400', () => {
    expect(failureOf(() => parseBody(eventWith(null), schema)).status).toBe(400);
  });
});
