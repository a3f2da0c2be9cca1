/** The current time as ISO 8601. One place, so tests can pin it with vi.useFakeTimers. */
export const nowIso = (): string => new Date().toISOString();

/** Epoch seconds `days` from now, the unit DynamoDB TTL expects. */
export const ttlInDays = (days: number): number => Math.floor(Date.now() / 1000) + days * 86_400;
