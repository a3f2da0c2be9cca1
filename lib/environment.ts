/**
 * The environment variables each function gets. The stack passes CDK tokens as names, the local
 * runtime passes the emulators' names: same function, so both sides set the same variables.
 */
import {
  CORS_ALLOW_ORIGINS_ENV,
  CORS_EXPOSE_HEADERS_ENV,
  ID_TOKEN_AUDIENCE_ENV,
  ID_TOKEN_ISSUER_ENV,
  ID_TOKEN_JWKS_URL_ENV,
  MAX_CLIENT_MESSAGES_PER_USER_PER_MINUTE_ENV,
  MAX_CONNECTIONS_PER_USER_ENV,
  MAX_PUSHES_PER_USER_PER_MINUTE_ENV,
  OUTBOX_TABLE_ENV,
  SOCKET_CONNECTIONS_ENDPOINT_ENV,
  tableEnvName,
  TOPIC_ARN_ENV,
} from '../lambdas/shared/env';
import { METRICS_NAMESPACE } from '../lambdas/shared/metric-names';
import type { StageConfig } from './config';
import {
  tablesOf,
  type ApplicationDeclaration,
  type ConsumerDeclaration,
  type RouteDeclaration,
  type SocketFunctionDeclaration,
  type OutboxOwner,
  type TableAccess,
  type TableOwner,
} from './declaration';

export interface ResourceNames {
  readonly tables: Readonly<Record<TableOwner, string>>;
  readonly topicArn: string;
  /**
   * The socket's connections endpoint (the API Gateway Management API's, or its local stand-in).
   * @default - none: a function that posts to the socket cannot be built
   */
  readonly socketConnectionsEndpoint?: string;
  /**
   * The id tokens the socket's authorizer accepts (the user pool's, or the local sign-in's).
   * @default - none: the socket's authorizer cannot be built
   */
  readonly idTokens?: { readonly issuer: string; readonly audience: string; readonly jwksUrl: string };
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
  readonly outboxTable?: OutboxOwner;
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
  /** A consumer that posts to the socket's connections: it is told where. */
  readonly postsToSocket?: boolean;
  /** The socket's authorizer: it is told which id tokens to accept. */
  readonly verifiesIdTokens?: boolean;
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
  if (fn.postsToSocket) environment[SOCKET_CONNECTIONS_ENDPOINT_ENV] = required(names.socketConnectionsEndpoint, 'socketConnectionsEndpoint');
  if (fn.verifiesIdTokens) {
    const idTokens = required(names.idTokens, 'idTokens');
    environment[ID_TOKEN_ISSUER_ENV] = idTokens.issuer;
    environment[ID_TOKEN_AUDIENCE_ENV] = idTokens.audience;
    environment[ID_TOKEN_JWKS_URL_ENV] = idTokens.jwksUrl;
  }
  Object.assign(environment, fn.settings);
  if (fn.corsExposeHeaders && config.corsAllowOrigins.length > 0) {
    environment[CORS_ALLOW_ORIGINS_ENV] = config.corsAllowOrigins.join(',');
    environment[CORS_EXPOSE_HEADERS_ENV] = fn.corsExposeHeaders.join(',');
  }
  return environment;
};

const required = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new Error(`A function of the socket needs ResourceNames.${name}`);
  return value;
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

/**
 * A consumer logs under its own name (`inventory`) and writes its service's events (`products`);
 * one that posts to the socket is told how many events a user may be pushed a minute.
 */
export const consumerLogService = (consumer: Pick<ConsumerDeclaration, 'name'>): string => consumer.name;

export const consumerIdentity = (
  consumer: Pick<ConsumerDeclaration, 'name' | 'service' | 'access' | 'postsToSocket'>,
  config: Pick<StageConfig, 'socket'>,
): FunctionIdentity => ({
  service: consumer.service,
  logService: consumerLogService(consumer),
  access: consumer.access,
  ...(consumer.postsToSocket
    ? { postsToSocket: true, settings: { [MAX_PUSHES_PER_USER_PER_MINUTE_ENV]: String(config.socket.maxPushesPerUserPerMinute) } }
    : {}),
});

/** The stage's bounds each socket function enforces: connections on $connect, client messages on $default. */
const socketSettings = (fn: SocketFunctionDeclaration, { socket }: Pick<StageConfig, 'socket'>): Record<string, string> | undefined => {
  if (fn.role === '$connect') return { [MAX_CONNECTIONS_PER_USER_ENV]: String(socket.maxConnectionsPerUser) };
  if (fn.role === '$default') return { [MAX_CLIENT_MESSAGES_PER_USER_PER_MINUTE_ENV]: String(socket.maxClientMessagesPerUserPerMinute) };
  return undefined;
};

/**
 * A socket function logs as `<service>-socket`; the authorizer is told which tokens to accept,
 * $connect and $default the per-user bounds they enforce.
 */
export const socketIdentity = (fn: SocketFunctionDeclaration, config: Pick<StageConfig, 'socket'>): FunctionIdentity => {
  const settings = socketSettings(fn, config);
  return {
    service: fn.service,
    logService: `${fn.service}-socket`,
    access: fn.access,
    ...(fn.role === 'authorizer' ? { verifiesIdTokens: true } : {}),
    ...(settings ? { settings } : {}),
  };
};

/**
 * A table's relay logs as `<service>-relay`, publishes to the topic and marks the outbox items
 * SNS accepted (UpdateItem on its own table, nothing else).
 */
export const relayIdentity = (service: OutboxOwner): FunctionIdentity => ({
  service,
  logService: `${service}-relay`,
  access: { [service]: ['UpdateItem'] },
  publishesToTopic: true,
  outboxTable: service,
});
