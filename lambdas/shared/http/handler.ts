import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { DomainError } from '../errors';
import { logger } from '../powertools';
import { CORRELATION_HEADER, correlationIdOf } from './correlation';
import { HttpError, domainErrorToHttp, internalErrorProblem, problemResponse } from './problem';

export interface RequestContext {
  readonly correlationId: string;
  readonly requestId: string;
  readonly lambda: Context;
}

export type HttpHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * Wraps a route's logic: sets up the per-request log context, maps domain and HTTP errors to
 * problem+json, and turns anything unexpected into a 500 that names only the request id.
 * Nothing survives the request: log keys are reset in `finally`, because the container is reused.
 */
export const httpHandler =
  (route: (event: APIGatewayProxyEvent, request: RequestContext) => Promise<APIGatewayProxyResult>): HttpHandler =>
  async (event, context) => {
    const correlationId = correlationIdOf(event);
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    logger.addContext(context);
    logger.appendKeys({ correlationId, requestId, route: `${event.httpMethod} ${event.resource}` });
    const withCorrelation = (result: APIGatewayProxyResult): APIGatewayProxyResult => ({
      ...result,
      headers: { ...result.headers, [CORRELATION_HEADER]: correlationId },
    });
    try {
      return withCorrelation(await route(event, { correlationId, requestId, lambda: context }));
    } catch (error) {
      if (error instanceof HttpError) return withCorrelation(problemResponse(error.toProblem()));
      if (error instanceof DomainError) return withCorrelation(problemResponse(domainErrorToHttp(error).toProblem()));
      logger.error('Unhandled error', { error: error as Error });
      return withCorrelation(problemResponse(internalErrorProblem(requestId)));
    } finally {
      logger.resetKeys();
    }
  };
