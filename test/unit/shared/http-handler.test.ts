import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotFoundError } from '../../../lambdas/shared/errors';
import { httpHandler } from '../../../lambdas/shared/http/handler';
import { HttpError } from '../../../lambdas/shared/http/problem';
import { json } from '../../../lambdas/shared/http/respond';
import { httpEvent, lambdaContext, responseHeader } from '../http-event';
import { captureOutput, type CapturedOutput } from '../log-lines';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.POWERTOOLS_SERVICE_NAME = 'orders';
});

const CLIENT_ID = '3f0e9c1a-5b7d-4e2f-9a8b-1c2d3e4f5a6b';

const request = (correlationId?: string) =>
  httpEvent({ method: 'POST', path: '/v1/orders', requestId: 'gateway-request-7', headers: { 'X-Correlation-Id': correlationId } });

const outcomes = {
  ok: async () => json(201, { id: 'order-1' }),
  'client error': async () => {
    throw new HttpError('validation', 'The request body is invalid.');
  },
  'domain error': async () => {
    throw new NotFoundError('Order');
  },
  crash: async () => {
    throw new Error('Connection reset');
  },
};

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

describe('the HTTP handler wrapper and the correlation id', () => {
  it.each(Object.entries(outcomes))('returns the client\'s x-correlation-id on the response (%s)', async (_outcome, route) => {
    const response = await httpHandler(route)(request(CLIENT_ID), lambdaContext);

    expect(responseHeader(response, 'x-correlation-id')).toBe(CLIENT_ID);
  });

  it.each([
    ['too short', 'abc'],
    ['with spaces and quotes', 'a" injected="value with spaces'],
    ['too long', 'x'.repeat(129)],
  ])('replaces a malformed client id (%s) with the gateway\'s request id, and never echoes it', async (_why, malformed) => {
    const response = await httpHandler(outcomes.ok)(request(malformed), lambdaContext);

    expect(responseHeader(response, 'x-correlation-id')).toBe('gateway-request-7');
    expect(output.text()).not.toContain(malformed);
  });

  it('uses the gateway\'s request id when the client sends none', async () => {
    const response = await httpHandler(outcomes.ok)(request(), lambdaContext);

    expect(responseHeader(response, 'x-correlation-id')).toBe('gateway-request-7');
  });

  it('hands the correlation id to the route, which writes it into the events it causes', async () => {
    const route = vi.fn(outcomes.ok);

    await httpHandler(route)(request(CLIENT_ID), lambdaContext);

    expect(route).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ correlationId: CLIENT_ID, requestId: 'gateway-request-7' }));
  });

  it('logs one line per request with the correlation id, request id, route and status, beside the function context', async () => {
    await httpHandler(outcomes['domain error'])(request(CLIENT_ID), lambdaContext);

    expect(output.logged('Request handled')).toEqual([
      expect.objectContaining({
        level: 'INFO',
        service: 'orders',
        function_name: 'test-function',
        cold_start: expect.any(Boolean),
        correlationId: CLIENT_ID,
        requestId: 'gateway-request-7',
        route: 'POST /v1/orders',
        statusCode: 404,
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('logs an unexpected error under the request\'s correlation id, and forgets it before the next request', async () => {
    await httpHandler(outcomes.crash)(request(CLIENT_ID), lambdaContext);
    await httpHandler(outcomes.ok)(request('another-correlation-id'), lambdaContext);

    expect(output.logged('Unhandled error')).toEqual([
      expect.objectContaining({ level: 'ERROR', correlationId: CLIENT_ID, error: expect.objectContaining({ message: 'Connection reset' }) }),
    ]);
    expect(output.logged('Request handled').map((line) => line.correlationId)).toEqual([CLIENT_ID, 'another-correlation-id']);
  });
});
