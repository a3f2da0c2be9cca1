import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger per container. Service name and level come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_LOG_LEVEL, which the stack (and the local runtime) set per function from the stage
 * configuration. Every line carries the Lambda context (function name, request id, cold start;
 * the X-Ray trace id where tracing is on); the wrappers add what ties lines together, under the
 * same keys everywhere: `correlationId`, and `eventType` and `eventId` where there is an event
 * (http/handler.ts, consumer.ts, relay). Log ids and outcomes only: never a request or event
 * body, which can carry emails and names.
 */
export const logger = new Logger();
