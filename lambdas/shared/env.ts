/** Reads a required environment variable, failing loudly at cold start rather than mid-request. */
export const requireEnv = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
};

export type ServiceName = 'users' | 'products' | 'orders' | 'notifications';

/**
 * The environment variable that carries each service table's name. The stack and the local
 * runtime both set it from this one map, so a handler reads the same variable everywhere.
 */
export const TABLE_ENV: Record<ServiceName, string> = {
  users: 'USERS_TABLE_NAME',
  products: 'PRODUCTS_TABLE_NAME',
  orders: 'ORDERS_TABLE_NAME',
  notifications: 'NOTIFICATIONS_TABLE_NAME',
};

export const TOPIC_ARN_ENV = 'DOMAIN_EVENTS_TOPIC_ARN';
/** The `source` written into envelopes this function produces (its service). */
export const EVENT_SOURCE_ENV = 'EVENT_SOURCE';
/** Browser origins a route answers with CORS headers, comma-separated (from the stage configuration). */
export const CORS_ALLOW_ORIGINS_ENV = 'CORS_ALLOW_ORIGINS';
/** Response headers browser code may read, comma-separated (from the declaration's `cors`). */
export const CORS_EXPOSE_HEADERS_ENV = 'CORS_EXPOSE_HEADERS';

export const tableName = (service: ServiceName): string => requireEnv(TABLE_ENV[service]);
