/**
 * A new correlation id (a UUID: it matches the API's `^[A-Za-z0-9._:-]{8,128}$`). Give one user
 * action's calls the same id (`{ correlationId }`) so that support finds them together.
 */
export const newCorrelationId = (): string => crypto.randomUUID();

/**
 * A new Idempotency-Key. `placeOrder` makes one per call and reuses it on its own retries; pass
 * your own (`{ idempotencyKey }`) to make a person's "try again" after a network failure safe too.
 */
export const newIdempotencyKey = (): string => crypto.randomUUID();
