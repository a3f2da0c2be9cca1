/**
 * The shape of a service's contract (lambdas/<service>/contract.ts): plain data and zod, no CDK
 * and no AWS SDK. What a contract declares is what the stack grants and wires, what the local
 * runtime runs and guards, what the route and consumer wrappers enforce, and what the documents
 * (OpenAPI, AsyncAPI, README) describe. lib/app.ts composes the contracts into the application.
 */
import type * as z from 'zod/mini';

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

/** Per table (named by its owning service), exactly the operations a function uses: the source of its IAM policy. */
export type TableAccess = { readonly [service: string]: readonly TableOperation[] };

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** API Gateway throttling: steady requests per second and the burst (token bucket size) above it. */
export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Who may call a route. `anyone` needs no token; every other value needs one, which the gateway
 * verifies. `admin` is enforced by the route wrapper; `owner` rules depend on the resource and are
 * the domain's (a 404 for strangers, so that ids cannot be probed).
 */
type Callers = 'anyone' | 'signed in' | 'admin' | 'owner' | 'owner or admin';

/** Request headers a route may read beyond Authorization; each is described once in the OpenAPI document. */
export type RequestHeader = 'If-Match' | 'Idempotency-Key';

/** Response headers a route may send beyond Content-Type and x-correlation-id. */
export type ResponseHeader = 'ETag' | 'Location' | 'Cache-Control';

export interface RouteContract {
  readonly version: 'v1' | 'v2';
  readonly method: HttpMethod;
  /** The path under the version, e.g. `/users/{id}`. */
  readonly path: string;
  /** The handler's source file from the repository root; it exports `handler`. */
  readonly handler: string;
  readonly callers: Callers;
  readonly summary: string;
  readonly successStatus: number;
  readonly access: TableAccess;
  /**
   * The path parameters' schema (a strict object, one string per `{name}` in the path).
   * @default - each parameter a safe key part: see lambdas/shared/http/path-parameter.ts
   */
  readonly params?: z.core.$ZodType<Record<string, string>, Record<string, string>>;
  /**
   * The query string's schema (strict: unknown parameters are refused).
   * @default - no query parameters at all
   */
  readonly query?: z.core.$ZodType;
  /**
   * The JSON body's schema.
   * @default - no body: any body is refused
   */
  readonly body?: z.core.$ZodType;
  readonly headers?: readonly RequestHeader[];
  /** The success response's body: the handler's return type, and a component of the OpenAPI document. */
  readonly response: z.core.$ZodType;
  /**
   * Headers the success response carries; each must be in `cors.exposeHeaders` to reach browser code.
   * @default - none
   */
  readonly responseHeaders?: readonly ResponseHeader[];
  /**
   * Problem statuses the handler returns beyond those the route's shape implies (see
   * `problemStatuses` in lib/openapi.ts), e.g. 403 for admin-only or 409 for a state conflict.
   * @default - only the implied ones
   */
  readonly problems?: readonly number[];
  /**
   * Whether the gateway requires a client app's API key (`x-api-key`).
   * @default true
   */
  readonly apiKeyRequired?: boolean;
  /**
   * Method-level throttling for this route, for all clients together.
   * @default - `writeThrottle` for POST/PATCH/PUT/DELETE; none for reads (the stage's throttle applies)
   */
  readonly throttle?: Throttle;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

/** A domain event a service produces: its type, its `data` schema and what it means. */
export interface EventContract<T extends string = string, D extends z.core.$ZodType = z.core.$ZodType> {
  readonly type: T;
  /** The service that writes it to its outbox: the envelope's `source`. */
  readonly source: string;
  readonly version: number;
  readonly description: string;
  readonly data: D;
}

export interface ConsumerContract {
  /** The handler's source file from the repository root; it exports `handler`. */
  readonly handler: string;
  /** The events it handles, from their producers' events modules: its subscription's filter policy. */
  readonly events: readonly EventContract[];
  readonly access: TableAccess;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly maxConcurrency: number;
  readonly timeoutSeconds: number;
  /** Receives before a message is moved to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly memoryMb?: number;
  /**
   * Whether it posts to the connections of its service's socket (execute-api:ManageConnections
   * on that API only, and the endpoint to post to in its environment).
   * @default false
   */
  readonly postsToSocket?: boolean;
}

/** A function API Gateway invokes for a WebSocket API: a route's integration or the API's authorizer. */
export interface SocketFunctionContract {
  /** The handler's source file from the repository root; it exports `handler`. */
  readonly handler: string;
  readonly access: TableAccess;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

/** The routes of a WebSocket API, as API Gateway names them. */
export type SocketRouteKey = '$connect' | '$disconnect' | '$default';

/**
 * A WebSocket API: clients connect with an id token and an API key in the query string, and the
 * service pushes to their connections. In AWS it is an API of its own; locally the gateway takes
 * the upgrade at `/<version><path>` on the REST API's port.
 */
export interface SocketContract {
  readonly version: 'v1';
  /** The path under the version, locally, e.g. `/live`. */
  readonly path: string;
  readonly summary: string;
  /** The Lambda authorizer of `$connect`: verifies the `token` query parameter and names the user. */
  readonly authorizer: SocketFunctionContract;
  /** `$default` answers each client message; its return value is sent back on the connection. */
  readonly routes: { readonly [K in SocketRouteKey]: SocketFunctionContract };
}

/**
 * A function run on a fixed rate (an EventBridge rule in AWS, a timer locally) that finds in its
 * table what is overdue. How often it runs and the value of each of its settings are the stage's
 * (`StageConfig.jobs`, under the job's name): the type of that configuration requires an entry for
 * every declared job, with every setting the job declares, so a missing one fails to compile.
 */
export interface JobContract {
  /** The handler's source file from the repository root; it exports `handler`. */
  readonly handler: string;
  /** What it does: the function's and the schedule rule's description. */
  readonly description: string;
  readonly access: TableAccess;
  readonly timeoutSeconds: number;
  /**
   * Its settings, each by its name in the job's stage-configuration entry, to the environment
   * variable the handler reads it from (e.g. `{ maxPerRun: MAX_PER_RUN_ENV }`).
   */
  readonly settings: { readonly [setting: string]: string };
  readonly memoryMb?: number;
  /**
   * Whether it posts to (or closes) the connections of its service's socket, like a consumer's
   * `postsToSocket`.
   * @default false
   */
  readonly postsToSocket?: boolean;
}

export interface TableContract {
  /** Whether the table has the `gsi1` index (`gsi1pk`, `gsi1sk`), used for list routes. */
  readonly gsi1: boolean;
  /**
   * Whether the service writes events to an outbox in this table: the table then has a stream, a
   * relay publishing from it and an outbox sweeper. A table its service emits nothing from (the
   * live service's connections) declares `false` and pays for none of them.
   * @default true
   */
  readonly outbox?: boolean;
}

export interface ServiceContract {
  /** lowercase; the log service name of its routes and the prefix of its resources. */
  readonly name: string;
  /**
   * The service's own table, with an outbox and a relay on its stream unless it declares `outbox: false`.
   * @default - none: the service reads others' data through their readers, and emits nothing
   */
  readonly table?: TableContract;
  /** By id (camelCase): the construct id, the function's name and the OpenAPI operationId. */
  readonly routes: { readonly [id: string]: RouteContract };
  /** The events it writes to its outbox; declared in its events module. */
  readonly events: readonly EventContract[];
  /** By name: the queue, function and log service are named after it. */
  readonly consumers: { readonly [name: string]: ConsumerContract };
  /**
   * By name (kebab-case, unique in the application): the log service and the function are named after it.
   * @default - none
   */
  readonly jobs?: { readonly [name: string]: JobContract };
  /**
   * A WebSocket API the service pushes to (at most one in the application).
   * @default - none
   */
  readonly socket?: SocketContract;
}

/*
 * Contracts are declarations: building one has no side effect. esbuild cannot know that of a
 * call, so every top-level declaration of a contract or events module is written
 * `/* @__PURE__ *\/ route({ ... })`, and every zod schema `/* @__PURE__ *\/ schema(() => z...)`
 * (lambdas/shared/schema.ts). A
 * handler's bundle then keeps what it imports (its route, the events it emits or consumes) and
 * drops the rest of the catalogue: the other routes' schemas, other services' events.
 */

/** Declares a route, keeping its literals (path, callers) for the types derived from it. */
export const route = <const R extends RouteContract>(route: R): R => route;

/** Declares a consumer, keeping the tuple of events it subscribes to. */
export const consumer = <const C extends ConsumerContract>(consumer: C): C => consumer;

/** Declares a scheduled job, keeping its settings' names for the stage configuration's type. */
export const job = <const J extends JobContract>(job: J): J => job;

/** Declares a WebSocket API, keeping its literals. */
export const socket = <const S extends SocketContract>(socket: S): S => socket;

/** Declares a service, keeping every literal (ids, paths, event types) for the types derived from it. */
export const defineService = <const S extends ServiceContract>(service: S): S => service;

/**
 * Declares the events a service produces, each with its source: `const event = eventsOf('orders')`,
 * then `export const OrderPlaced = event('OrderPlaced', { ... })`.
 */
export const eventsOf =
  (source: string) =>
  <const T extends string, D extends z.core.$ZodType>(
    type: T,
    spec: { readonly version: number; readonly description: string; readonly data: D },
  ): EventContract<T, D> => ({ type, source, ...spec });
