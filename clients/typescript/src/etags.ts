/**
 * The ETags the client has seen, by resource path: a read or a write that returns one records it,
 * and an update (PATCH, PUT, DELETE) of the same resource sends it as If-Match, so that a write
 * based on a stale read is refused (412) instead of silently overwriting another's change.
 */

const UPDATE_METHODS = new Set(['PATCH', 'PUT', 'DELETE']);

/** Enough for any screen's worth of resources; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 1_000;

export class EtagCache {
  readonly #etags = new Map<string, string>();

  /** Adds If-Match to an update of a resource whose ETag is known, unless the caller set one. */
  prepare(request: Request): void {
    if (!UPDATE_METHODS.has(request.method) || request.headers.has('if-match')) return;
    const etag = this.#etags.get(new URL(request.url).pathname);
    if (etag !== undefined) request.headers.set('if-match', etag);
  }

  /** Records the ETag of a response; a 201's belongs to the created resource (its Location). */
  record(request: Request, response: Response): void {
    const location = response.headers.get('location');
    const path = new URL(response.status === 201 && location ? location : request.url, request.url).pathname;
    if (response.status === 412) {
      // Known stale: the next update must follow a fresh read, not repeat the refused one.
      this.#etags.delete(path);
      return;
    }
    const etag = response.headers.get('etag');
    if (!response.ok || etag === null) return;
    this.#etags.delete(path);
    this.#etags.set(path, etag);
    if (this.#etags.size > MAX_ENTRIES) this.#etags.delete(this.#etags.keys().next().value as string);
  }
}
