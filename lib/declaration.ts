/**
 * The application as the stacks, the local runtime and the documents read it: the services'
 * contracts (lambdas/<service>/contract.ts) composed with the app-wide settings in lib/app.ts.
 * Every name here (services, tables, events, routes, consumers) is derived from the contracts.
 */
import type {
  SocketContract,
  SocketFunctionContract,
  SocketRouteKey,
  ConsumerContract,
  EventContract,
  HttpMethod,
  JobContract,
  RouteContract,
  ServiceContract,
  TableAccess,
  TableContract,
  TableOperation,
  Throttle,
} from '../lambdas/shared/contract';
import type { services } from './app';

export type { HttpMethod, SocketRouteKey, TableAccess, TableContract as TableDeclaration, TableOperation, Throttle };

type Service = (typeof services)[number];
/** Every service of the application. */
export type ServiceName = Service['name'];
/** The services that own a table (with its outbox, stream and relay). */
export type TableOwner = Extract<Service, { readonly table: TableContract }>['name'];
/**
 * The table owners whose table has an outbox (every table that does not declare `outbox: false`):
 * each has a stream, a relay and an outbox sweeper.
 */
export type OutboxOwner = Exclude<TableOwner, Extract<Service, { readonly table: { readonly outbox: false } }>['name']>;
/** The jobs of each service that declares some, as one union of `{ name: contract }` records. */
type JobsOf<S> = S extends { readonly jobs: infer J } ? J : never;
type NamesOf<J> = J extends unknown ? keyof J & string : never;
type SettingsOf<J, N extends string> = J extends { readonly [K in N]: { readonly settings: infer T } } ? keyof T : never;

/**
 * What the stage configuration says of each job the `services` declare: how often it runs, and
 * the value of each setting it declares. Generic over the services so that a test can show that
 * a job without its entry, or without one of its settings, does not compile.
 */
export type JobSchedulesOf<S extends readonly ServiceContract[]> = {
  readonly [N in NamesOf<JobsOf<S[number]>>]: JobSchedule & {
    readonly [K in SettingsOf<JobsOf<S[number]>, N>]: number;
  };
};

/**
 * A job's schedule: every `everyMinutes` minutes (a whole number, at least 1). A type rather than
 * an interface so that an entry reads as a plain record of numbers where it is checked.
 */
export type JobSchedule = { readonly everyMinutes: number };

/** What the stage configuration says of each job of the application (`StageConfig.jobs`). */
export type JobSchedules = JobSchedulesOf<typeof services>;

/** Every event type some service produces. */
export type EventType = Service['events'][number]['type'];

export const READ_OPERATIONS: readonly TableOperation[] = ['GetItem', 'BatchGetItem', 'Query'];

/** The methods that change state: they get the tighter `writeThrottle` unless a route says otherwise. */
const WRITE_METHODS: readonly HttpMethod[] = ['POST', 'PATCH', 'PUT', 'DELETE'];

/** Whether the gateway verifies a token (`user`) or lets anyone through (`none`). */
type RouteAuth = 'none' | 'user';

/** A route as the application sees it: its contract, the id it is declared under and its service. */
export interface RouteDeclaration extends RouteContract {
  /** camelCase; the construct id, the function's name and the OpenAPI operationId. */
  readonly id: string;
  /** The service that declares it: its log service name and the `source` of its events. */
  readonly service: ServiceName;
  readonly auth: RouteAuth;
}

/** A consumer as the application sees it: its contract, its name, its service and its events by type. */
export interface ConsumerDeclaration extends Omit<ConsumerContract, 'events'> {
  readonly name: string;
  /** The service whose table it owns and whose outbox its events go through. */
  readonly service: TableOwner;
  /** The event types it handles: its subscription's filter policy. */
  readonly events: readonly EventType[];
}

/** A scheduled job as the application sees it: its contract, its name and its service. */
export interface JobDeclaration extends JobContract {
  /** kebab-case: the log service name, and the base of the function's name. */
  readonly name: string;
  readonly service: ServiceName;
}

/** An event as the application sees it: its declaration and the service that produces it. */
export interface EventDeclaration extends Omit<EventContract, 'type'> {
  readonly producer: ServiceName;
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

/** A client application's API Gateway usage plan: its own throttle and a daily quota. */
interface UsagePlanDeclaration extends Throttle {
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

/** The application's WebSocket API: its contract and the service that owns it (and its connections table). */
export interface SocketDeclaration extends SocketContract {
  readonly service: TableOwner;
}

/** One function of the WebSocket API: its authorizer or a route's integration. */
export interface SocketFunctionDeclaration extends SocketFunctionContract {
  /** camelCase, e.g. `liveConnect`: the construct id and the function's name. */
  readonly id: string;
  readonly service: TableOwner;
  /** The route it answers, or `authorizer`. */
  readonly role: SocketRouteKey | 'authorizer';
}

const SOCKET_ROUTE_NAMES: Readonly<Record<SocketRouteKey | 'authorizer', string>> = {
  authorizer: 'Authorizer',
  $connect: 'Connect',
  $disconnect: 'Disconnect',
  $default: 'Default',
};

/** The socket's functions, the authorizer first: what the stack builds and the local runtime runs. */
export const socketFunctions = (socket: SocketDeclaration | undefined): SocketFunctionDeclaration[] =>
  socket
    ? (['authorizer', '$connect', '$disconnect', '$default'] as const).map((role) => ({
        ...(role === 'authorizer' ? socket.authorizer : socket.routes[role]),
        id: `${socket.service}${SOCKET_ROUTE_NAMES[role]}`,
        service: socket.service,
        role,
      }))
    : [];

export interface ApplicationDeclaration {
  readonly name: string;
  /** The contracts themselves, in the order lib/app.ts lists them. */
  readonly services: readonly ServiceContract[];
  readonly tables: Readonly<Record<TableOwner, TableContract>>;
  readonly routes: readonly RouteDeclaration[];
  readonly events: Readonly<Record<EventType, EventDeclaration>>;
  readonly consumers: readonly ConsumerDeclaration[];
  /** The jobs the services declare (the outbox sweepers are derived per table: lib/scheduled-jobs.ts). */
  readonly jobs: readonly JobDeclaration[];
  /**
   * The WebSocket API that pushes events to the users' open apps.
   * @default - none
   */
  readonly socket?: SocketDeclaration;
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

/** Whether a table has an outbox (`outbox`, default true). */
export const hasOutbox = (table: Pick<TableContract, 'outbox'>): boolean => table.outbox ?? true;

/** The services whose table has an outbox: one stream, relay and sweeper each. */
export const outboxOwners = (declaration: Pick<ApplicationDeclaration, 'tables'>): OutboxOwner[] =>
  (Object.entries(declaration.tables) as [TableOwner, TableContract][]).filter(([, table]) => hasOutbox(table)).map(([service]) => service as OutboxOwner);

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
export const tablesOf = (access: TableAccess): [TableOwner, readonly TableOperation[]][] =>
  Object.entries(access).filter((entry): entry is [TableOwner, readonly TableOperation[]] => entry[1].length > 0);
