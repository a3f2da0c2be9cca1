import type { Connection } from '../../../lambdas/live/live';
import { ConnectionsChangedError, type ConnectionPoster, type ConnectionsStore, type PostOutcome, type UserRateLimiter } from '../../../lambdas/live/ports';

export const NOW_SECONDS = 1_760_000_000;

export const connection = (userId: string, connectionId: string, expiresAt = NOW_SECONDS + 3600): Connection => ({
  userId,
  connectionId,
  expiresAt,
  connectedAt: '2025-10-09T08:53:20.000Z',
});

/** The connections table in memory, with the version every add advances (and checks). */
export const inMemoryConnections = (initial: Connection[] = []): ConnectionsStore & { readonly all: () => Connection[] } => {
  let connections = [...initial];
  const versions = new Map<string, number>();
  return {
    all: () => [...connections],
    async add(added, seenVersion) {
      if ((versions.get(added.userId) ?? 0) !== seenVersion) throw new ConnectionsChangedError(added.userId);
      versions.set(added.userId, seenVersion + 1);
      connections.push(added);
    },
    async listForUser(userId) {
      return { connections: connections.filter((existing) => existing.userId === userId), version: versions.get(userId) ?? 0 };
    },
    async remove({ userId, connectionId }) {
      connections = connections.filter((existing) => !(existing.userId === userId && existing.connectionId === connectionId));
    },
  };
};

/** Budgets in memory, in the same one-minute windows as the table's. */
export const inMemoryLimiter = (): UserRateLimiter & { readonly taken: Map<string, number> } => {
  const taken = new Map<string, number>();
  return {
    taken,
    async take(userId, budget, limit, nowSeconds) {
      const key = `${userId}/${budget}/${Math.floor(nowSeconds / 60)}`;
      const count = taken.get(key) ?? 0;
      if (count >= limit) return false;
      taken.set(key, count + 1);
      return true;
    },
  };
};

/** A push budget no test reaches, for the tests about something else. */
export const ampleBudget = () => ({ limiter: inMemoryLimiter(), limitPerMinute: 1000 });

/** Records what was posted to which connection; each connection answers as `outcomes` says (delivered by default). */
export const recordingPoster = (outcomes: Readonly<Record<string, PostOutcome>> = {}) => {
  const posted: { connectionId: string; message: unknown }[] = [];
  const closed: string[] = [];
  const poster: ConnectionPoster = {
    async post(connectionId, message) {
      const outcome = outcomes[connectionId] ?? 'delivered';
      if (outcome === 'delivered') posted.push({ connectionId, message: JSON.parse(message) });
      return outcome;
    },
    async close(connectionId) {
      closed.push(connectionId);
    },
  };
  return { poster, posted, closed };
};
