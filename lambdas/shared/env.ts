import type { TableOwner } from '../../lib/declaration';

/** Reads a required environment variable, failing loudly at cold start rather than mid-request. */
export const requireEnv = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
};

/**
 * The environment variable that carries a service table's name. The stack and the local runtime
 * both set it with this function, so a handler reads the same variable everywhere.
 */
export const tableEnvName = (service: string): string => `${service.toUpperCase()}_TABLE_NAME`;

export const TOPIC_ARN_ENV = 'DOMAIN_EVENTS_TOPIC_ARN';
/** Browser origins a route answers with CORS headers, comma-separated (from the stage configuration). */
export const CORS_ALLOW_ORIGINS_ENV = 'CORS_ALLOW_ORIGINS';
/** Response headers browser code may read, comma-separated (from the declaration's `cors`). */
export const CORS_EXPOSE_HEADERS_ENV = 'CORS_EXPOSE_HEADERS';

/** The physical name of a service's table, as the stack or the local runtime named it. */
export const tableName = (service: TableOwner): string => requireEnv(tableEnvName(service));

/** The table whose outbox a relay marks and a sweeper sweeps (the relay's own table). */
export const OUTBOX_TABLE_ENV = 'OUTBOX_TABLE_NAME';
/** How long an outbox item may stay unpublished before the sweeper publishes it itself, in seconds. */
export const SWEEP_GRACE_SECONDS_ENV = 'SWEEP_GRACE_SECONDS';
/** How long an order may stay PENDING before it is rejected with reason `timeout`, in seconds. */
export const ORDER_DEADLINE_SECONDS_ENV = 'ORDER_DEADLINE_SECONDS';
/** The most items one run of a scheduled job handles: the rest wait for the next run. */
export const MAX_PER_RUN_ENV = 'MAX_PER_RUN';

/** A required environment variable holding a positive integer. */
export const positiveIntEnv = (name: string): number => {
  const raw = requireEnv(name);
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`Environment variable ${name} must be a positive integer, got "${raw}"`);
  return value;
};

/** Where a consumer that posts to the socket's connections sends them (the API Gateway Management API's endpoint). */
export const SOCKET_CONNECTIONS_ENDPOINT_ENV = 'SOCKET_CONNECTIONS_ENDPOINT';
/** The id tokens a socket's authorizer accepts: their issuer, audience (the app client) and the issuer's keys. */
export const ID_TOKEN_ISSUER_ENV = 'ID_TOKEN_ISSUER';
export const ID_TOKEN_AUDIENCE_ENV = 'ID_TOKEN_AUDIENCE';
export const ID_TOKEN_JWKS_URL_ENV = 'ID_TOKEN_JWKS_URL';
/** How many connections one user may hold open on the socket (the stage configuration's). */
export const MAX_CONNECTIONS_PER_USER_ENV = 'MAX_CONNECTIONS_PER_USER';
/** How many messages one user's apps may send in a minute, all connections together (the stage configuration's). */
export const MAX_CLIENT_MESSAGES_PER_USER_PER_MINUTE_ENV = 'MAX_CLIENT_MESSAGES_PER_USER_PER_MINUTE';
/** How many events may be pushed to one user in a minute (the stage configuration's). */
export const MAX_PUSHES_PER_USER_PER_MINUTE_ENV = 'MAX_PUSHES_PER_USER_PER_MINUTE';
