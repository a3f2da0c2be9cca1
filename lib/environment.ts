/**
 * The environment variables each function gets. The stack passes CDK tokens as names, the local
 * runtime passes the emulators' names: same function, so both sides set the same variables.
 */
import { CORS_ALLOW_ORIGINS_ENV, CORS_EXPOSE_HEADERS_ENV, OUTBOX_TABLE_ENV, tableEnvName, TOPIC_ARN_ENV } from '../lambdas/shared/env';
import { METRICS_NAMESPACE } from '../lambdas/shared/metric-names';
import type { StageConfig } from './config';
import { tablesOf, type ApplicationDeclaration, type ConsumerDeclaration, type RouteDeclaration, type TableAccess, type TableOwner } from './declaration';

export interface ResourceNames {
  readonly tables: Readonly<Record<TableOwner, string>>;
  readonly topicArn: string;
}

export interface FunctionIdentity {
  /** The service the function belongs to: by default, its log service name. */
  readonly service: string;
  /**
   * The log service name when it is not the service: a consumer logs under its own name
   * (`inventory`) while it belongs to its service (`products`).
   * @default - `service`
   */
  readonly logService?: string;
  readonly access: TableAccess;
  /** Relays and sweepers need the topic; API handlers and consumers write to tables only. */
  readonly publishesToTopic?: boolean;
  /**
   * The table whose outbox the function marks or sweeps (relays and sweepers).
   * @default - none
   */
  readonly outboxTable?: TableOwner;
  /**
   * Settings from the stage configuration, as environment variables (a scheduled job's deadline or bound).
   * @default - none
   */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * Response headers browser code may read, for a route whose responses carry CORS headers (the
   * allowed origins come from the stage configuration).
   * @default - no CORS headers: not a route, or the application declares no CORS
   */
  readonly corsExposeHeaders?: readonly string[];
}

export const functionEnvironment = (
  fn: FunctionIdentity,
  names: ResourceNames,
  config: StageConfig,
): Record<string, string> => {
  const environment: Record<string, string> = {
    STAGE: config.stage,
    POWERTOOLS_SERVICE_NAME: fn.logService ?? fn.service,
    POWERTOOLS_LOG_LEVEL: config.logLevel,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  };
  for (const [service] of tablesOf(fn.access)) environment[tableEnvName(service)] = names.tables[service];
  if (fn.publishesToTopic) environment[TOPIC_ARN_ENV] = names.topicArn;
  if (fn.outboxTable) environment[OUTBOX_TABLE_ENV] = names.tables[fn.outboxTable];
  Object.assign(environment, fn.settings);
  if (fn.corsExposeHeaders && config.corsAllowOrigins.length > 0) {
    environment[CORS_ALLOW_ORIGINS_ENV] = config.corsAllowOrigins.join(',');
    environment[CORS_EXPOSE_HEADERS_ENV] = fn.corsExposeHeaders.join(',');
  }
  return environment;
};

/*
 * Each kind of function's identity, from its declaration. The stack and the local runtime both
 * build identities with these, so a function logs under the same name and writes the same event
 * source on both sides.
 */

/** A route logs under its service, writes its service's events and answers browsers with CORS headers. */
export const routeIdentity = (
  route: Pick<RouteDeclaration, 'service' | 'access'>,
  declaration: Pick<ApplicationDeclaration, 'cors'>,
): FunctionIdentity => ({
  service: route.service,
  access: route.access,
  ...(declaration.cors ? { corsExposeHeaders: declaration.cors.exposeHeaders } : {}),
});

/** A consumer logs under its own name (`inventory`) and writes its service's events (`products`). */
export const consumerIdentity = (consumer: Pick<ConsumerDeclaration, 'name' | 'service' | 'access'>): FunctionIdentity => ({
  service: consumer.service,
  logService: consumer.name,
  access: consumer.access,
});

/**
 * A table's relay logs as `<service>-relay`, publishes to the topic and marks the outbox items
 * SNS accepted (UpdateItem on its own table, nothing else).
 */
export const relayIdentity = (service: TableOwner): FunctionIdentity => ({
  service,
  logService: `${service}-relay`,
  access: { [service]: ['UpdateItem'] },
  publishesToTopic: true,
  outboxTable: service,
});
