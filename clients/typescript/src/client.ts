/**
 * The API client: one typed method per operation of the OpenAPI document, on top of the calls
 * openapi-fetch generates from its types, with what every frontend needs written once: typed
 * results, ETag/If-Match, idempotent order retries, back-off, correlation ids and tokens.
 */
import createClient from 'openapi-fetch';
import { EtagCache } from './etags';
import type { paths } from './generated/openapi';
import { newCorrelationId, newIdempotencyKey } from './ids';
import { createLive, DEFAULT_LIVE_POLICY, type Live, type LivePolicy, type LiveSocketConstructor } from './live';
import type { ApiError, ApiResult } from './result';
import { abortableSleep, DEFAULT_RETRY_POLICY, sendWithRetries, type FetchLike, type RetryPolicy, type Sleep } from './retry';
import type { TokenProvider } from './tokens';
import type {
  CreateProductRequest,
  CreateUserRequest,
  Health,
  NotificationPage,
  OpenApiDocument,
  Order,
  OrderPage,
  PlaceOrderRequest,
  Problem,
  Product,
  ProductPage,
  UpdateUserRequest,
  User,
  UserSummary,
} from './types';

export interface ApiClientOptions {
  /** The API's URL: a stage's (`https://{apiId}.execute-api.{region}.amazonaws.com/dev`) or the local runtime's. */
  readonly baseUrl: string;
  /** The client app's API key (`x-api-key`); locally `local-<app>-key`, e.g. `local-web-key`. */
  readonly apiKey: string;
  /** Where ID tokens come from; without one, calls go unauthenticated (only health and the document allow that). */
  readonly tokens?: TokenProvider;
  /** @default globalThis.fetch */
  readonly fetch?: FetchLike;
  readonly retry?: Partial<RetryPolicy>;
  /** How retries wait; tests pass a fake. @default setTimeout */
  readonly sleep?: Sleep;
  /** The jitter's source. @default Math.random */
  readonly random?: () => number;
  /** The clock an HTTP-date Retry-After is read against. @default Date.now */
  readonly now?: () => number;
  /**
   * Live events' WebSocket URL: a stage's stack output `LiveUrl` (`wss://{apiId}.execute-api.{region}.amazonaws.com/dev`).
   * @default the base URL's origin and path with `/v1/live`, as the local runtime serves it (`ws://127.0.0.1:3000/v1/live`)
   */
  readonly liveUrl?: string;
  /** The WebSocket constructor, where there is no global one (Node 20: the `ws` package's). @default globalThis.WebSocket */
  readonly WebSocket?: LiveSocketConstructor;
  readonly livePolicy?: Partial<LivePolicy>;
}

export interface CallOptions {
  /** The user action's correlation id, shared by its calls; a new one per call when absent. */
  readonly correlationId?: string;
  readonly signal?: AbortSignal;
}

export interface UpdateOptions extends CallOptions {
  /** The version the change is based on; by default the ETag of the client's last read of the resource. */
  readonly ifMatch?: string;
}

export interface PlaceOrderOptions extends CallOptions {
  /** By default a new key per call, reused on the call's own retries; pass one to cover a person's "try again". */
  readonly idempotencyKey?: string;
}

export interface PageQuery {
  /** Items per page (the API's default and maximum apply). */
  readonly limit?: number;
  /** The previous page's `nextCursor`; absent for the first page. */
  readonly cursor?: string;
}

export interface UserPageQuery extends PageQuery {
  readonly userId: string;
}

/** Every operation of the API, each returning a typed result and never throwing for HTTP or network failures. */
export interface ApiClient {
  getHealth(options?: CallOptions): Promise<ApiResult<Health>>;
  getOpenApi(options?: CallOptions): Promise<ApiResult<OpenApiDocument>>;
  createUser(user: CreateUserRequest, options?: CallOptions): Promise<ApiResult<User>>;
  getUser(id: string, options?: CallOptions): Promise<ApiResult<User>>;
  /** Sends If-Match (the last read's ETag unless `ifMatch` is given); a stale one fails as an `edit-conflict`. */
  updateUser(id: string, changes: UpdateUserRequest, options?: UpdateOptions): Promise<ApiResult<User>>;
  createProduct(product: CreateProductRequest, options?: CallOptions): Promise<ApiResult<Product>>;
  getProduct(id: string, options?: CallOptions): Promise<ApiResult<Product>>;
  listProducts(query?: PageQuery, options?: CallOptions): Promise<ApiResult<ProductPage>>;
  /** Sends an Idempotency-Key, the same on every retry, so that the order is placed at most once. */
  placeOrder(order: PlaceOrderRequest, options?: PlaceOrderOptions): Promise<ApiResult<Order>>;
  getOrder(id: string, options?: CallOptions): Promise<ApiResult<Order>>;
  cancelOrder(id: string, options?: CallOptions): Promise<ApiResult<Order>>;
  listUserOrders(query: UserPageQuery, options?: CallOptions): Promise<ApiResult<OrderPage>>;
  listUserNotifications(query: UserPageQuery, options?: CallOptions): Promise<ApiResult<NotificationPage>>;
  getUserSummary(userId: string, options?: CallOptions): Promise<ApiResult<UserSummary>>;
  /** The events pushed to the signed-in user: `live.on('OrderConfirmed', (event) => …)`. */
  readonly live: Live;
}

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && typeof (body as Problem).type === 'string' && typeof (body as Problem).title === 'string';

const errorOf = (status: number, body: unknown): ApiError => {
  if (!isProblem(body)) return { kind: 'unexpected-response', status, message: (typeof body === 'string' ? body : JSON.stringify(body) ?? '').slice(0, 200) };
  return status === 412 ? { kind: 'edit-conflict', status, problem: body } : { kind: 'problem', status, problem: body };
};

const thrownError = (error: unknown, signal: AbortSignal | undefined): ApiError =>
  signal?.aborted
    ? { kind: 'aborted' }
    : { kind: 'network', message: error instanceof Error ? (error.name === 'TimeoutError' ? 'the request timed out' : error.message) : String(error), cause: error };

/** What openapi-fetch answers, whatever the operation. */
interface Outcome {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

/** The headers and signal a generated call is given. */
type CallInit = {
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal | undefined;
};

type IfMatchParams = { readonly path: { readonly id: string }; readonly header: { readonly 'If-Match': string } };

/** Creates a client; it keeps the ETags it has seen, so use one per signed-in person. */
export const createApiClient = (options: ApiClientOptions): ApiClient => {
  const etags = new EtagCache();
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const retryDeps = {
    fetch: send,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    sleep: options.sleep ?? abortableSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const api = createClient<paths>({
    baseUrl,
    fetch: async (request) => {
      etags.prepare(request);
      const response = await sendWithRetries(request, retryDeps);
      etags.record(request, response);
      return response;
    },
  });

  /** Runs one generated call with the headers every call carries, and turns its outcome into a result. */
  const call = async <T>(callOptions: CallOptions | undefined, run: (init: CallInit) => Promise<Outcome>, extraHeaders: Record<string, string> = {}): Promise<ApiResult<T>> => {
    const correlationId = callOptions?.correlationId ?? newCorrelationId();
    const signal = callOptions?.signal;
    let token: string | undefined;
    try {
      token = await options.tokens?.getToken();
    } catch (error) {
      return { ok: false, correlationId, headers: undefined, error: { kind: 'token-unavailable', message: error instanceof Error ? error.message : String(error), cause: error } };
    }
    const headers: Record<string, string> = { 'x-api-key': options.apiKey, 'x-correlation-id': correlationId, ...extraHeaders };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let outcome: Outcome;
    try {
      outcome = await run({ headers, signal });
    } catch (error) {
      return { ok: false, correlationId, headers: undefined, error: thrownError(error, signal) };
    }
    const { response } = outcome;
    const answered = response.headers.get('x-correlation-id') ?? correlationId;
    if (!response.ok) return { ok: false, correlationId: answered, headers: response.headers, error: errorOf(response.status, outcome.error) };
    return { ok: true, status: response.status, data: outcome.data as T, etag: response.headers.get('etag') ?? undefined, correlationId: answered, headers: response.headers };
  };

  const pageQuery = ({ limit, cursor }: PageQuery) => ({ ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) });

  return {
    getHealth: (o) => call(o, (init) => api.GET('/v1/health', init)),
    getOpenApi: (o) => call(o, (init) => api.GET('/v1/openapi.json', init)),
    createUser: (user, o) => call(o, (init) => api.POST('/v1/users', { ...init, body: user })),
    getUser: (id, o) => call(o, (init) => api.GET('/v1/users/{id}', { ...init, params: { path: { id } } })),
    updateUser: (id, changes, o) =>
      call(o, (init) =>
        api.PATCH('/v1/users/{id}', {
          ...init,
          // The document requires If-Match; unless given here, the ETag cache adds it in the fetch
          // layer, where the request's exact URL is known (and without one the API answers 428).
          params: { path: { id }, ...(o?.ifMatch === undefined ? {} : { header: { 'If-Match': o.ifMatch } }) } as IfMatchParams,
          body: changes,
        }),
      ),
    createProduct: (product, o) => call(o, (init) => api.POST('/v1/products', { ...init, body: product })),
    getProduct: (id, o) => call(o, (init) => api.GET('/v1/products/{id}', { ...init, params: { path: { id } } })),
    listProducts: (query = {}, o) => call(o, (init) => api.GET('/v1/products', { ...init, params: { query: pageQuery(query) } })),
    placeOrder: (order, o) =>
      call(o, (init) => api.POST('/v1/orders', { ...init, body: order }), { 'idempotency-key': o?.idempotencyKey ?? newIdempotencyKey() }),
    getOrder: (id, o) => call(o, (init) => api.GET('/v1/orders/{id}', { ...init, params: { path: { id } } })),
    cancelOrder: (id, o) => call(o, (init) => api.POST('/v1/orders/{id}/cancel', { ...init, params: { path: { id } } })),
    listUserOrders: ({ userId, ...query }, o) =>
      call(o, (init) => api.GET('/v1/users/{id}/orders', { ...init, params: { path: { id: userId }, query: pageQuery(query) } })),
    listUserNotifications: ({ userId, ...query }, o) =>
      call(o, (init) => api.GET('/v1/users/{id}/notifications', { ...init, params: { path: { id: userId }, query: pageQuery(query) } })),
    getUserSummary: (userId, o) => call(o, (init) => api.GET('/v1/users/{id}/summary', { ...init, params: { path: { id: userId } } })),
    live: createLive({
      url: options.liveUrl ?? `${baseUrl.replace(/^http/, 'ws')}/v1/live`,
      apiKey: options.apiKey,
      tokens: options.tokens,
      WebSocket: options.WebSocket,
      policy: { ...DEFAULT_LIVE_POLICY, ...options.livePolicy },
      random: retryDeps.random,
    }),
  };
};
