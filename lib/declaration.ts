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
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  /** Headers the route reads beyond Authorization, e.g. Idempotency-Key. */
  readonly headers?: readonly string[];
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

export interface ApplicationDeclaration {
  readonly name: string;
  readonly tables: Record<ServiceName, TableDeclaration>;
  readonly routes: readonly RouteDeclaration[];
  readonly events: Record<EventType, EventDeclaration>;
  readonly consumers: readonly ConsumerDeclaration[];
  readonly relay: RelayDeclaration;
}

/** A route's full path, version included: `/v1/users/{id}`. */
export const fullPath = (route: Pick<RouteDeclaration, 'version' | 'path'>): string => `/${route.version}${route.path}`;

/** SQS visibility timeout for a consumer: AWS recommends at least six times the function timeout. */
export const visibilityTimeoutSeconds = (consumer: ConsumerDeclaration): number => consumer.timeoutSeconds * 6;

/** Every table a function touches, with the operations it needs. */
export const tablesOf = (access: TableAccess): [ServiceName, readonly TableOperation[]][] =>
  Object.entries(access).filter((entry): entry is [ServiceName, readonly TableOperation[]] => (entry[1]?.length ?? 0) > 0);
