import type { APIGatewayProxyEvent } from 'aws-lambda';
import { header } from './request';

export const CORRELATION_HEADER = 'x-correlation-id';
/** Accept what a client can reasonably send (UUIDs, ULIDs, trace ids); anything else is replaced, not echoed. */
const VALID_CORRELATION_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The client's correlation id when it is well-formed, otherwise the gateway's request id. */
export const correlationIdOf = (event: APIGatewayProxyEvent): string => {
  const fromClient = header(event, CORRELATION_HEADER);
  if (fromClient && VALID_CORRELATION_ID.test(fromClient)) return fromClient;
  return event.requestContext?.requestId ?? 'unknown';
};
