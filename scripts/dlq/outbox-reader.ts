/** The DynamoDB adapter of the relay redrive's outbox (relay-redrive.ts's OutboxPort). */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awaitingBetween } from '../../lambdas/shared/awaiting-index';
import { OUTBOX_PREFIX, outboxKey } from '../../lambdas/shared/outbox';
import type { OutboxPort, UnmarkedOutboxItem } from './relay-redrive';

/** BatchGetItem reads at most 100 keys a call. */
const BATCH_GET_KEYS = 100;
const MAX_UNPROCESSED_ROUNDS = 10;

/** Which of `eventIds` have an outbox item still without `publishedAt`, by a strongly consistent read. */
const stillUnmarked = async (client: DynamoDBDocumentClient, tableName: string, eventIds: readonly string[]): Promise<Set<string>> => {
  const unmarked = new Set<string>();
  for (let start = 0; start < eventIds.length; start += BATCH_GET_KEYS) {
    let keys: Record<string, unknown>[] | undefined = eventIds.slice(start, start + BATCH_GET_KEYS).map(outboxKey);
    for (let round = 0; keys && keys.length > 0; round++) {
      if (round === MAX_UNPROCESSED_ROUNDS) throw new Error(`DynamoDB kept ${keys.length} outbox read(s) of ${tableName} unprocessed; try again later.`);
      // Unprocessed keys mean throttling: back off before asking again, as the SDK's retries would.
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** round, 5_000)));
      const { Responses = {}, UnprocessedKeys = {} }: { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }> } =
        await client.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk, publishedAt' } },
          }),
        );
      for (const item of Responses[tableName] ?? []) if (item.publishedAt === undefined) unmarked.add(String(item.pk).slice(OUTBOX_PREFIX.length));
      keys = UnprocessedKeys[tableName]?.Keys;
    }
  }
  return unmarked;
};

/**
 * Reads the awaiting index (which holds exactly the unmarked outbox items), then confirms each
 * with a consistent read: the index is eventually consistent, and an item the relay, the sweeper
 * or this redrive has just marked must not be published again. An item gone meanwhile (its TTL)
 * is left out: there is nothing left to publish.
 */
export const dynamoDbOutbox = (client: DynamoDBDocumentClient): OutboxPort => ({
  async unmarkedBetween(tableName, from, to) {
    const candidates = (await awaitingBetween(client, tableName, 'OUTBOX', from, to)).filter((item) => String(item.pk).startsWith(OUTBOX_PREFIX));
    const items = candidates.map(
      (item): UnmarkedOutboxItem => ({ eventId: String(item.pk).slice(OUTBOX_PREFIX.length), type: String(item.type ?? '-'), event: item.event }),
    );
    const unmarked = await stillUnmarked(client, tableName, items.map((item) => item.eventId));
    return items.filter((item) => unmarked.has(item.eventId));
  },
});
