/** Text is text: the body's bytes are UTF-8, its charset says so, and no string holds control characters. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from '../../../lambdas/shared/http/problem';
import { parseBody } from '../../../lambdas/shared/http/request';

const schema = z.strictObject({ name: z.string().min(1), tags: z.array(z.string()).optional() });
const eventWith = (body: string, contentType = 'application/json', isBase64Encoded = false): APIGatewayProxyEvent =>
  ({ body, headers: { 'Content-Type': contentType }, isBase64Encoded }) as unknown as APIGatewayProxyEvent;

const refusalOf = (event: APIGatewayProxyEvent): { status: number; type: string; paths?: string[] } => {
  try {
    parseBody(event, schema);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const problem = error.toProblem();
    return { status: problem.status, type: problem.type, ...(problem.errors ? { paths: problem.errors.map((entry) => entry.path) } : {}) };
  }
  throw new Error('Expected the body to be refused');
};

describe('a body that is not UTF-8 text', () => {
  it('is malformed when its bytes are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"A'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);

    expect(refusalOf(eventWith(bytes.toString('base64'), 'application/json', true))).toEqual({ status: 400, type: '/problems/malformed-json' });
  });

  it('is malformed when the gateway replaced invalid bytes with U+FFFD on the way', () => {
    expect(refusalOf(eventWith('{"name":"A\ufffd\ufffd"}'))).toEqual({ status: 400, type: '/problems/malformed-json' });
  });

  it.each(['utf-16', 'UTF-16LE', 'iso-8859-1', '"latin1"'])('is refused with 415 when sent as charset=%s', (charset) => {
    expect(refusalOf(eventWith('{"name":"A"}', `application/json; charset=${charset}`))).toEqual({ status: 415, type: '/problems/unsupported-media-type' });
  });

  it('is taken as UTF-8 when the charset says so, in any case', () => {
    expect(parseBody(eventWith('{"name":"Zoë"}', 'application/json; charset="UTF-8"'), schema)).toEqual({ name: 'Zoë' });
  });
});

describe('a string with characters that are not text', () => {
  it.each([
    ['NUL', '\\u0000'],
    ['ESC', '\\u001b'],
    ['a newline', '\\n'],
    ['DEL', '\\u007f'],
    ['a C1 control', '\\u009b'],
    ['the right-to-left override U+202E', '\\u202e'],
    ['a bidi isolate', '\\u2066'],
    ['a line separator', '\\u2028'],
    ['a byte order mark', '\\ufeff'],
    ['an unpaired surrogate', '\\ud800'],
  ])('is refused with a field error when it holds %s', (_what, escaped) => {
    expect(refusalOf(eventWith(`{"name":"A${escaped}B","tags":["ok","x${escaped}"]}`))).toEqual({ status: 400, type: '/problems/validation', paths: ['/name', '/tags/1'] });
  });

  it('is accepted when it holds any other Unicode text, emoji and combining marks included', () => {
    const name = 'Zoë 漢字 👩‍👩‍👧 é';
    expect(parseBody(eventWith(JSON.stringify({ name })), schema)).toEqual({ name });
  });
});
