import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { DomainError } from '../errors';
import { logger } from '../powertools';
import { CORRELATION_HEADER, correlationIdOf } from './correlation';
import { corsHeadersFor } from './cors';
import { HttpError, domainErrorToHttp, internalErrorProblem, problemResponse } from './problem';

export interface RequestContext {
  readonly correlationId: string;
  readonly requestId: string;
  readonly lambda: Context;
}

export type HttpHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * Wraps a route's logic: sets up the per-request log context (correlation id, request id, route),
 * maps domain and HTTP errors to problem+json, turns anything unexpected into a 500 that names
 * only the request id, and returns the correlation id in `x-correlation-id` on every response.
 * Nothing survives the request: log keys are reset in `finally`, because the container is reused.
 */
export const httpHandler =
  (route: (event: APIGatewayProxyEvent, request: RequestContext) => Promise<APIGatewayProxyResult>): HttpHandler =>
  async (event, context) => {
    const startedAt = Date.now();
    const correlationId = correlationIdOf(event);
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    logger.addContext(context);
    logger.appendKeys({ correlationId, requestId, route: `${event.httpMethod} ${event.resource}` });
    const respond = (result: APIGatewayProxyResult): APIGatewayProxyResult => {
      // The request's one line at INFO: what a grep of its correlation id finds first.
      logger.info('Request handled', { statusCode: result.statusCode, durationMs: Date.now() - startedAt });
      return { ...result, headers: { ...result.headers, ...corsHeadersFor(event), [CORRELATION_HEADER]: correlationId } };
    };
    try {
      return respond(await route(event, { correlationId, requestId, lambda: context }));
    } catch (error) {
      if (error instanceof HttpError) return respond(problemResponse(error.toProblem()));
      if (error instanceof DomainError) return respond(problemResponse(domainErrorToHttp(error).toProblem()));
      logger.error('Unhandled error', { error: error as Error });
      return respond(problemResponse(internalErrorProblem(requestId)));
    } finally {
      logger.resetKeys();
    }
  };
