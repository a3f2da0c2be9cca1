/**
 * The typed client of the API, for browsers and Node 20+. See clients/typescript/README.md.
 */
export { createApiClient } from './client';
export type { ApiClient, ApiClientOptions, CallOptions, PageQuery, PlaceOrderOptions, UpdateOptions, UserPageQuery } from './client';
export { DEFAULT_LIVE_POLICY } from './live';
export type { Live, LivePolicy, LiveSocket, LiveSocketConstructor, LiveState } from './live';
export type { LiveEvent, LiveEvents, LiveEventType } from './live-events';
export { pages } from './pages';
export { describeError } from './result';
export type { ApiError, ApiFailure, ApiResult, ApiSuccess } from './result';
export { newCorrelationId, newIdempotencyKey } from './ids';
export { DEFAULT_RETRY_POLICY } from './retry';
export type { FetchLike, RetryPolicy, Sleep } from './retry';
export { cognitoTokenProvider, localTokenProvider } from './tokens';
export type { CognitoTokenProviderOptions, LocalTokenProviderOptions, LocalUser, TokenOptions, TokenProvider } from './tokens';
export type * from './types';
export type { components, operations, paths } from './generated/openapi';
