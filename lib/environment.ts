/**
 * The environment variables each function gets. The stack passes CDK tokens as names, the local
 * runtime passes the emulators' names: same function, so both sides set the same variables.
 */
import { EVENT_SOURCE_ENV, TABLE_ENV, TOPIC_ARN_ENV, type ServiceName } from '../lambdas/shared/env';
import type { StageConfig } from './config';
import { tablesOf, type TableAccess } from './declaration';

export interface ResourceNames {
  readonly tables: Record<ServiceName, string>;
  readonly topicArn: string;
}

export interface FunctionIdentity {
  /** The log service name and event `source`. */
  readonly service: string;
  readonly access: TableAccess;
  /** Relays need the topic; API handlers and consumers write to tables only. */
  readonly publishesToTopic?: boolean;
}

export const functionEnvironment = (
  fn: FunctionIdentity,
  names: ResourceNames,
  config: StageConfig,
): Record<string, string> => {
  const environment: Record<string, string> = {
    STAGE: config.stage,
    POWERTOOLS_SERVICE_NAME: fn.service,
    POWERTOOLS_LOG_LEVEL: config.logLevel,
    POWERTOOLS_METRICS_NAMESPACE: 'ServerlessGatewayEvents',
    [EVENT_SOURCE_ENV]: fn.service,
  };
  for (const [service] of tablesOf(fn.access)) environment[TABLE_ENV[service]] = names.tables[service];
  if (fn.publishesToTopic) environment[TOPIC_ARN_ENV] = names.topicArn;
  return environment;
};
