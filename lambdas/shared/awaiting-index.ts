import { createHash } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * A sparse index on every service table of the items still waiting for something to happen to
 * them: outbox items not yet published, orders still PENDING, connections until their token
 * expires (`awaitingSince` is then when it expires, so "waiting since before now" means expired). An item is in it while it carries
 * `awaitingPk` and `awaitingSince`, and leaves it when a write drops them (the relay marking an
 * event published, an order leaving PENDING). Scheduled jobs find what is overdue with one query
 * per shard, oldest first, instead of scanning the table.
 */
export const AWAITING_INDEX = 'awaiting';
export const AWAITING_PK = 'awaitingPk';
export const AWAITING_SINCE = 'awaitingSince';

/**
 * One partition key per kind would put every write of a busy table on one index partition (and a
 * throttled index throttles the table); a few shards spread them, and a job queries each.
 */
const AWAITING_SHARDS = 4;

export type AwaitingKind = 'OUTBOX' | 'PENDING-ORDER' | 'CONNECTION-EXPIRY';

const shardOf = (id: string): number => createHash('sha256').update(id).digest().readUInt8(0) % AWAITING_SHARDS;

/** The attributes that put an item in the index, from when it has been waiting. */
export const awaitingAttributes = (kind: AwaitingKind, id: string, since: string) => ({
  [AWAITING_PK]: `${kind}#${shardOf(id)}`,
  [AWAITING_SINCE]: since,
});

const oldestFirst = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
  String(a[AWAITING_SINCE]).localeCompare(String(b[AWAITING_SINCE])) || String(a.pk).localeCompare(String(b.pk));

/** Which `awaitingSince` a query reads: up to a cutoff (what is overdue), or a window. */
type SinceRange = { readonly cutoff: string } | { readonly from: string; readonly to: string };

/** The query of one shard's items of `kind` in `range`, oldest first: every reader of the index asks this. */
const shardQuery = (tableName: string, kind: AwaitingKind, shard: number, range: SinceRange) => ({
  TableName: tableName,
  IndexName: AWAITING_INDEX,
  KeyConditionExpression: 'cutoff' in range ? '#pk = :pk AND #since <= :cutoff' : '#pk = :pk AND #since BETWEEN :from AND :to',
  ExpressionAttributeNames: { '#pk': AWAITING_PK, '#since': AWAITING_SINCE },
  ExpressionAttributeValues: { ':pk': `${kind}#${shard}`, ...('cutoff' in range ? { ':cutoff': range.cutoff } : { ':from': range.from, ':to': range.to }) },
  ScanIndexForward: true,
});

/** One shard's items in `range`, page by page (at most `pageSize` a page, when given) to its end. */
async function* shardPages(
  client: DynamoDBDocumentClient,
  tableName: string,
  kind: AwaitingKind,
  shard: number,
  range: SinceRange,
  pageSize?: number,
): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({ ...shardQuery(tableName, kind, shard, range), ...(pageSize === undefined ? {} : { Limit: pageSize }), ExclusiveStartKey: start }),
    );
    if (Items.length > 0) yield Items;
    start = LastEvaluatedKey;
  } while (start);
}

/**
 * Up to `limit` items of `kind` waiting since `cutoff` or before, oldest first across the shards.
 * The index is eventually consistent: an item may still show just after it left; callers decide
 * on a consistent read or a conditional write, never on this list alone.
 */
export const awaitingBefore = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  kind: AwaitingKind,
  cutoff: string,
  limit: number,
): Promise<Record<string, unknown>[]> => {
  const shards = await Promise.all(
    Array.from({ length: AWAITING_SHARDS }, async (_, shard) => {
      // One page per shard: the oldest `limit` of each hold the oldest `limit` of all.
      const { Items = [] } = await client.send(new QueryCommand({ ...shardQuery(tableName, kind, shard, { cutoff }), Limit: limit }));
      return Items;
    }),
  );
  return shards
    .flat()
    .sort(oldestFirst)
    .slice(0, limit);
};

/**
 * Every item of `kind` waiting since a time in [from, to], oldest first across the shards, each
 * shard read to its end page by page (no limit: for operator tools that must see a whole window,
 * such as the redrive of a relay's parked stream records). Eventually consistent, like
 * {@link awaitingBefore}.
 */
export const awaitingBetween = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  kind: AwaitingKind,
  from: string,
  to: string,
): Promise<Record<string, unknown>[]> => {
  const shards = await Promise.all(
    Array.from({ length: AWAITING_SHARDS }, async (_, shard) => {
      const items: Record<string, unknown>[] = [];
      for await (const page of shardPages(client, tableName, kind, shard, { from, to })) items.push(...page);
      return items;
    }),
  );
  return shards.flat().sort(oldestFirst);
};

/**
 * The items of `kind` waiting since `cutoff` or before, page by page (at most `pageSize` items a
 * page), one shard after the other, each read to its end through its LastEvaluatedKey. For a job
 * whose work takes items out of the index and that stops at its bound: it stops iterating, and no
 * further page is read. Pages do not repeat an item even while the index catches up with the
 * job's own deletions, unlike a new query per batch. Eventually consistent, like
 * {@link awaitingBefore}.
 */
export async function* awaitingPages(
  client: DynamoDBDocumentClient,
  tableName: string,
  kind: AwaitingKind,
  cutoff: string,
  pageSize: number,
): AsyncGenerator<Record<string, unknown>[]> {
  for (let shard = 0; shard < AWAITING_SHARDS; shard += 1) yield* shardPages(client, tableName, kind, shard, { cutoff }, pageSize);
}
