import type { Connection } from '../../../lambdas/live/live';
import type { ConnectionPoster, ConnectionsStore, PostOutcome } from '../../../lambdas/live/ports';

export const NOW_SECONDS = 1_760_000_000;

export const connection = (userId: string, connectionId: string, expiresAt = NOW_SECONDS + 3600): Connection => ({
  userId,
  connectionId,
  expiresAt,
  connectedAt: '2025-10-09T08:53:20.000Z',
});

/** The connections table in memory. */
export const inMemoryConnections = (initial: Connection[] = []): ConnectionsStore & { readonly all: () => Connection[] } => {
  let connections = [...initial];
  return {
    all: () => [...connections],
    async add(added) {
      connections.push(added);
    },
    async listForUser(userId) {
      return connections.filter((existing) => existing.userId === userId);
    },
    async remove({ userId, connectionId }) {
      connections = connections.filter((existing) => !(existing.userId === userId && existing.connectionId === connectionId));
    },
  };
};

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
