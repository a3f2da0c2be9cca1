/** The live domain: who may connect, what a client's message is answered with, who an event is pushed to. */
import * as z from 'zod/mini';
import type { EnvelopeOf } from '../shared/events/envelope';
import { clientMessage, type liveConsumer, type ServerMessage } from './contract';
import { ConnectionsChangedError, type ConnectionPoster, type ConnectionsStore, type IdTokenVerifier, type PostOutcome, type UserRateLimiter } from './ports';

export interface Connection {
  readonly userId: string;
  readonly connectionId: string;
  /** The token's expiry, epoch seconds: the connection's TTL, and when the server closes it. */
  readonly expiresAt: number;
  readonly connectedAt: string;
}

/** One of the events the consumer subscribes to, narrowed by `type`. */
export type LiveEvent = EnvelopeOf<(typeof liveConsumer.events)[number]>;

/** Why a connection is refused: the handshake answers 401 (API Gateway's answer to an authorizer's `Unauthorized`). */
export class UnauthorizedError extends Error {
  constructor(readonly reason: string) {
    super('Unauthorized');
    this.name = 'UnauthorizedError';
  }
}

/** The user has as many open connections as the stage allows: the handshake answers 429. */
export class TooManyConnectionsError extends Error {
  constructor(readonly limit: number) {
    super(`At most ${limit} open connections per user`);
    this.name = 'TooManyConnectionsError';
  }
}

/** The user a connection's query string authenticates (`token`, `apiKey`), or UnauthorizedError. */
export const authorize = async (
  query: Readonly<Record<string, string | undefined>> | null | undefined,
  verifier: IdTokenVerifier,
): Promise<{ userId: string; expiresAt: number; apiKey: string }> => {
  const token = query?.token;
  const apiKey = query?.apiKey;
  if (!token) throw new UnauthorizedError('The query parameter token is required');
  if (!apiKey) throw new UnauthorizedError('The query parameter apiKey is required');
  try {
    return { ...(await verifier.verify(token)), apiKey };
  } catch {
    throw new UnauthorizedError('The token is not a valid id token');
  }
};

/** How often a connect counts again after another connect of the same user came first. */
const CONNECT_ATTEMPTS = 3;

/**
 * Records a new connection of a user, unless they have `maxPerUser` open already. The count and
 * the write are one transaction on the user's connections version, so connects at the same
 * instant cannot together pass the bound: the ones that lose count again. One still losing after
 * CONNECT_ATTEMPTS is refused like a connect past the bound (a client tries again after a pause).
 */
export const openConnection = async (store: ConnectionsStore, connection: Connection, maxPerUser: number, nowSeconds: number): Promise<void> => {
  for (let attempt = 1; ; attempt += 1) {
    const { connections, version } = await store.listForUser(connection.userId);
    if (connections.filter((existing) => existing.expiresAt > nowSeconds).length >= maxPerUser) throw new TooManyConnectionsError(maxPerUser);
    try {
      await store.add(connection, version);
      return;
    } catch (error) {
      if (!(error instanceof ConnectionsChangedError) || attempt >= CONNECT_ATTEMPTS) {
        throw error instanceof ConnectionsChangedError ? new TooManyConnectionsError(maxPerUser) : error;
      }
    }
  }
};

const NOT_JSON = 'The message is not JSON: send {"action":"ping"}';
const UNKNOWN = 'Unknown message: the only one understood is {"action":"ping"}';

/** The answer to a client's message: pong for a ping, an error (and the connection stays open) for anything else. */
export const answer = (body: string | undefined): ServerMessage => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return { type: 'error', detail: NOT_JSON };
  }
  return z.safeParse(clientMessage, parsed).success ? { type: 'pong' } : { type: 'error', detail: UNKNOWN };
};

/**
 * A client's message within the user's budget for the minute is answered; past it, the answer is
 * an error, and the connection stays open. The budget is the user's, all their connections
 * together: one runaway app cannot make the others wait for the stage's throttle.
 */
export const answerWithinBudget = async (
  limiter: UserRateLimiter,
  userId: string,
  body: string | undefined,
  limitPerMinute: number,
  nowSeconds: number,
): Promise<ServerMessage> =>
  (await limiter.take(userId, 'clientMessages', limitPerMinute, nowSeconds))
    ? answer(body)
    : { type: 'error', detail: `Too many messages: at most ${limitPerMinute} a minute per user, from all their connections together` };

/** What a client receives of an event: the envelope less what only services need (version, source). */
const pushedMessage = (event: LiveEvent): ServerMessage => ({
  type: event.type,
  id: event.id,
  occurredAt: event.occurredAt,
  correlationId: event.correlationId,
  subject: event.subject,
  data: event.data,
});

/** How an event's delivery went, connection by connection. */
export type DeliveryReport = Readonly<Record<PostOutcome | 'expired' | 'overBudget', number>>;

/** The user's bound on pushes: how many events a minute their open apps are sent. */
export interface PushBudget {
  readonly limiter: UserRateLimiter;
  readonly limitPerMinute: number;
}

/**
 * Pushes an event to every open connection of the user it concerns (each of these events names
 * its user in `data.userId`), and of nobody else, within the user's push budget for the minute:
 * past it, the event is not pushed (`overBudget` counts the connections it skipped), as a client
 * that is sent more than it can show reads the current state over REST anyway. Connections that
 * are gone (410) are forgotten, expired ones closed and forgotten. No connection's failure fails
 * the event: delivery is best effort, at most once per connection.
 */
export const deliver = async (
  event: LiveEvent,
  store: ConnectionsStore,
  poster: ConnectionPoster,
  budget: PushBudget,
  nowSeconds: number,
): Promise<DeliveryReport> => {
  const report = { delivered: 0, gone: 0, failed: 0, expired: 0, overBudget: 0 };
  const { connections } = await store.listForUser(event.data.userId);
  const expired = connections.filter((connection) => connection.expiresAt <= nowSeconds);
  let open = connections.filter((connection) => connection.expiresAt > nowSeconds);
  // Only a user with an open app spends budget (and a write): most events concern nobody connected.
  if (open.length > 0 && !(await budget.limiter.take(event.data.userId, 'pushes', budget.limitPerMinute, nowSeconds))) {
    report.overBudget = open.length;
    open = [];
  }
  const message = JSON.stringify(pushedMessage(event));
  const forget = async (connection: Connection) => {
    try {
      await store.remove(connection);
    } catch {
      // Forgetting a dead connection failed: it is tried again on the user's next event, and TTL removes it anyway.
      report.failed += 1;
    }
  };
  await Promise.all([
    ...expired.map(async (connection) => {
      report.expired += 1;
      await poster.close(connection.connectionId);
      await forget(connection);
    }),
    ...open.map(async (connection) => {
      const outcome = await poster.post(connection.connectionId, message);
      report[outcome] += 1;
      if (outcome === 'gone') await forget(connection);
    }),
  ]);
  return report;
};
