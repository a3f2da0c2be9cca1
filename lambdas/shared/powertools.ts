import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger per container. Service name and level come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_LOG_LEVEL, which the stack (and the local runtime) set per function.
 */
export const logger = new Logger();
