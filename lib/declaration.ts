import type { z } from 'zod';
import type { EventType } from '../lambdas/shared/events/catalog';
import type { ServiceName } from '../lambdas/shared/env';

export type { EventType, ServiceName };

/**
 * The DynamoDB operations a function may perform, named as IAM names them (`dynamodb:<Op>`).
 * A transaction needs the operation of each item it writes (Put/Update/ConditionCheck), since
 * IAM has no TransactWriteItems action.
 */
export type TableOperation =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'ConditionCheckItem';

/** Per table, exactly the operations a function uses: the source of its IAM policy. */
export type TableAccess = Partial<Record<ServiceName, readonly TableOperation[]>>;

export const READ_OPERATIONS: readonly TableOperation[] = ['GetItem', 'BatchGetItem', 'Query'];

export interface TableDeclaration {
  /** Whether the table has the `gsi1` index (`gsi1pk`, `gsi1sk`), used for list routes. */
  readonly gsi1: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The methods that change state: they get the tighter `writeThrottle` unless a route says otherwise. */
export const WRITE_METHODS: readonly HttpMethod[] = ['POST', 'PATCH', 'PUT', 'DELETE'];

/** API Gateway throttling: steady requests per second and the burst (token bucket size) above it. */
export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Who may call a route. The gateway enforces the token (none/user); `admin` and owner checks are
 * made by the handler from the token's claims, because they depend on the resource.
 */
export type RouteAuth = 'none' | 'user';

export interface RouteDeclaration {
  /** camelCase; becomes the construct id, the function's name and the OpenAPI operationId. */
  readonly id: string;
  readonly version: 'v1' | 'v2';
  readonly method: HttpMethod;
  /** The path under the version, e.g. `/users/{id}`. */
  readonly path: string;
  /** The handler's source file from the repository root; it exports `handler`. */
  readonly handler: string;
  /** The service the handler belongs to: its log service name and the `source` of its events. */
  readonly service: ServiceName;
  readonly auth: RouteAuth;
  /** Who may call it, for the reader and the API reference: the handler enforces it. */
  readonly callers: string;
  readonly summary: string;
  readonly successStatus: number;
  readonly access: TableAccess;
  readonly body?: z.core.$ZodType;
  readonly query?: z.core.$ZodType;
  /** Headers the route reads beyond Authorization, e.g. Idempotency-Key. */
  readonly headers?: readonly string[];
  /**
   * Headers the success response carries beyond Content-Type and x-correlation-id, e.g. ETag.
   * For the API reference and CORS (each must be in `cors.exposeHeaders` to reach browser code).
   * @default - none
   */
  readonly responseHeaders?: readonly string[];
  /**
   * The success response's body, for the OpenAPI document (lib/openapi.ts): a schema from
   * lib/openapi-responses.ts. The handler, not this schema, decides what is sent.
   * @default - none; generating the OpenAPI document fails until the route declares one
   */
  readonly response?: z.ZodType;
  /**
   * Problem statuses the handler returns beyond those the route's shape implies (401 for a
   * token, 400/413/415 for a body, 404 for a path parameter, 412/428 for If-Match...; see
   * `problemStatuses` in lib/openapi.ts), e.g. 403 for admin-only or 409 for a state conflict.
   * @default - only the implied ones
   */
  readonly problems?: readonly number[];
  /**
   * Whether the gateway requires a client app's API key (`x-api-key`, see `clientApps`).
   * @default true
   */
  readonly apiKeyRequired?: boolean;
  /**
   * Method-level throttling for this route, for all clients together (the usage plans limit
   * each client app on top of it).
   * @default - `writeThrottle` for POST/PATCH/PUT/DELETE; none for reads (the stage's throttle applies)
   */
  readonly throttle?: Throttle;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

export interface ConsumerDeclaration {
  /** The consumer's name: its queue, function and log service are named after it. */
  readonly name: string;
  /** The service whose table it owns and whose outbox its events go through. */
  readonly service: ServiceName;
  readonly handler: string;
  /** The event types it handles: its subscription's filter policy. */
  readonly events: readonly EventType[];
  readonly access: TableAccess;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly maxConcurrency: number;
  readonly timeoutSeconds: number;
  /** Receives before a message is moved to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly memoryMb?: number;
}

/**
 * An event-filtering pattern as Lambda event source mappings take it (JSON, arrays of allowed
 * values or `{prefix}` rules). The CDK passes it verbatim; the local poller evaluates the same object.
 */
export type FilterPattern = { readonly [key: string]: FilterPattern | readonly (string | { readonly prefix: string })[] };

export interface RelayDeclaration {
  readonly handler: string;
  /** Which stream records reach the relay: outbox inserts only. */
  readonly filterPattern: FilterPattern;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly retryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly timeoutSeconds: number;
  readonly memoryMb?: number;
}

export interface EventDeclaration {
  readonly producer: ServiceName;
  readonly description: string;
}

/** A client application's API Gateway usage plan: its own throttle and a daily quota. */
export interface UsagePlanDeclaration extends Throttle {
  /** Requests per day across all of the app's users; the gateway answers 429 past it. */
  readonly quotaPerDay: number;
}

export type ClientAppName = 'web' | 'mobile' | 'desktop' | 'tv';

/**
 * A kind of client that calls the API: it gets one API key, on its own usage plan. The key
 * identifies the app for throttling, quotas and metrics; it ships inside the app, so it is no
 * secret and authenticates nobody (the bearer token does that).
 */
export interface ClientAppDeclaration {
  readonly description: string;
  readonly usagePlan: UsagePlanDeclaration;
}

/**
 * What browsers may send and read across origins. The allowed origins differ per stage, so they
 * live in the stage configuration (lib/config.ts), never `*`; the allowed methods are the
 * routes' own (plus OPTIONS) on each resource.
 */
export interface CorsDeclaration {
  /** Request headers a browser may send (Access-Control-Allow-Headers). */
  readonly allowHeaders: readonly string[];
  /** Response headers browser code may read beyond the safelisted ones (Access-Control-Expose-Headers). */
  readonly exposeHeaders: readonly string[];
  /**
   * How long a browser may cache a preflight answer (Access-Control-Max-Age).
   * @default - the browser's default (5 s in Chromium)
   */
  readonly maxAgeSeconds?: number;
}

export interface ApplicationDeclaration {
  readonly name: string;
  readonly tables: Record<ServiceName, TableDeclaration>;
  readonly routes: readonly RouteDeclaration[];
  readonly events: Record<EventType, EventDeclaration>;
  readonly consumers: readonly ConsumerDeclaration[];
  readonly relay: RelayDeclaration;
  /**
   * The client apps, each with its API key and usage plan.
   * @default - no API keys or usage plans
   */
  readonly clientApps?: Readonly<Record<ClientAppName, ClientAppDeclaration>>;
  /**
   * Method throttling of every write route (POST/PATCH/PUT/DELETE) that declares none: writes
   * cost transactions and events, so they are held tighter than the stage-wide throttle.
   * @default - writes get only the stage's throttle
   */
  readonly writeThrottle?: Throttle;
  /**
   * Cross-origin rules for browser clients; the origins come from the stage configuration.
   * @default - no CORS: browsers on other origins cannot call the API
   */
  readonly cors?: CorsDeclaration;
}

/** A route's full path, version included: `/v1/users/{id}`. */
export const fullPath = (route: Pick<RouteDeclaration, 'version' | 'path'>): string => `/${route.version}${route.path}`;

/** Whether the gateway requires a client app's API key on a route (`apiKeyRequired`, default true). */
export const requiresApiKey = (route: Pick<RouteDeclaration, 'apiKeyRequired'>): boolean => route.apiKeyRequired ?? true;

/** A route's method throttling: its own, else `writeThrottle` for writes, else none (the stage's applies). */
export const routeThrottle = (
  route: Pick<RouteDeclaration, 'method' | 'throttle'>,
  declaration: Pick<ApplicationDeclaration, 'writeThrottle'>,
): Throttle | undefined => route.throttle ?? (WRITE_METHODS.includes(route.method) ? declaration.writeThrottle : undefined);

/**
 * SQS visibility timeout for a consumer: AWS recommends at least six times the function timeout,
 * plus the batching window, during which received messages wait in the poller before the function
 * even starts (without it a batch could become visible again while it is still being handled).
 */
export const visibilityTimeoutSeconds = (consumer: ConsumerDeclaration): number =>
  consumer.timeoutSeconds * 6 + consumer.maxBatchingWindowSeconds;

/** Every table a function touches, with the operations it needs. */
export const tablesOf = (access: TableAccess): [ServiceName, readonly TableOperation[]][] =>
  Object.entries(access).filter((entry): entry is [ServiceName, readonly TableOperation[]] => (entry[1]?.length ?? 0) > 0);
