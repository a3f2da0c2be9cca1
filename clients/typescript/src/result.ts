import type { Problem } from './types';

/**
 * Why a call failed, as a union a UI can switch on. Every failure the API documents is a
 * `problem` (its `type` one of the catalogue); a 412 is an `edit-conflict`, its own kind, because
 * the remedy differs: read the resource again, show the change, and let the user decide.
 */
export type ApiError =
  | { readonly kind: 'problem'; readonly status: number; readonly problem: Problem }
  /** The resource changed since it was read (412, a stale If-Match): read it again before updating. */
  | { readonly kind: 'edit-conflict'; readonly status: 412; readonly problem: Problem }
  /** No answer: the network failed or an attempt timed out, on every attempt the retry policy allowed. */
  | { readonly kind: 'network'; readonly message: string; readonly cause: unknown }
  /** The caller's AbortSignal fired. */
  | { readonly kind: 'aborted' }
  /** The token provider could not give a token (e.g. the session could not be refreshed): sign in again. */
  | { readonly kind: 'token-unavailable'; readonly message: string; readonly cause: unknown }
  /** An answer that is not the API's (e.g. an HTML error page from a proxy). */
  | { readonly kind: 'unexpected-response'; readonly status: number; readonly message: string };

export interface ApiSuccess<T> {
  readonly ok: true;
  readonly status: number;
  readonly data: T;
  /** The entity's version when the response carried one (the client also keeps it for If-Match). */
  readonly etag: string | undefined;
  /** The correlation id of the call: quote it in a support request. */
  readonly correlationId: string;
  /** The response's headers, for what the typed fields leave out (e.g. `Location` of a 201). */
  readonly headers: Headers;
}

export interface ApiFailure {
  readonly ok: false;
  readonly error: ApiError;
  /** The correlation id of the call: show it with the error, for support requests. */
  readonly correlationId: string;
  /** The last response's headers (e.g. `Retry-After` of a 429 it gave up on); undefined when no response arrived. */
  readonly headers: Headers | undefined;
}

/** Every call's outcome: it never throws for an HTTP or network failure. */
export type ApiResult<T> = ApiSuccess<T> | ApiFailure;

/** A title and a detail to show a person, for any failure (a problem's own title and detail when there is one). */
export const describeError = (error: ApiError): { readonly title: string; readonly detail: string } => {
  switch (error.kind) {
    case 'problem':
    case 'edit-conflict':
      return { title: error.problem.title, detail: error.problem.detail };
    case 'network':
      return { title: 'Network error', detail: `The service could not be reached: ${error.message}` };
    case 'aborted':
      return { title: 'Cancelled', detail: 'The request was cancelled.' };
    case 'token-unavailable':
      return { title: 'Signed out', detail: `Please sign in again (${error.message}).` };
    case 'unexpected-response':
      return { title: 'Unexpected response', detail: `The service answered ${error.status}: ${error.message}` };
  }
};
