import {
  BatchGetCommand,
  QueryCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { Envelope } from '../../../lambdas/shared/events/envelope';
import { outboxItem } from '../../../lambdas/shared/outbox';

type Item = Record<string, unknown>;

/**
 * An outbox table in memory behind a mocked document client, answering the calls the relay, the
 * sweeper and the relay redrive make with DynamoDB's semantics: a Query of the awaiting index
 * (one shard, up to the cutoff or BETWEEN two times, ascending, limited or paged), the
 * conditional UpdateItem that marks an item published, and a consistent BatchGetItem.
 */
export class InMemoryOutboxTable {
  readonly items = new Map<string, Item>();
  /** Index queries answer at most this many items a page, with a LastEvaluatedKey when more follow. */
  pageSize = Infinity;
  /** Items marked published that the (eventually consistent) index still lists, as just after a mark. */
  private readonly staleIndex = new Map<string, Item>();

  constructor(mock: AwsClientStub<DynamoDBDocumentClient>) {
    mock.on(QueryCommand).callsFake((input: QueryCommandInput) => this.query(input));
    mock.on(UpdateCommand).callsFake((input: UpdateCommandInput) => this.update(input));
    mock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => this.batchGet(input));
  }

  /** Marks an item published in the table while the index still shows it unmarked. */
  markBehindTheIndex(eventId: string): void {
    const item = this.items.get(`OUTBOX#${eventId}`)!;
    this.staleIndex.set(item.pk as string, structuredClone(item));
    item.publishedAt = '2025-03-01T00:00:00.000Z';
    delete item.awaitingPk;
    delete item.awaitingSince;
  }

  put(event: Envelope): void {
    const item = outboxItem(event);
    this.items.set(item.pk, { ...item });
  }

  publishedAt(eventId: string): unknown {
    return this.items.get(`OUTBOX#${eventId}`)?.publishedAt;
  }

  private query(input: QueryCommandInput) {
    const values = input.ExpressionAttributeValues as { ':pk': string; ':cutoff'?: string; ':from'?: string; ':to'?: string };
    const inRange = (since: string) => (values[':cutoff'] === undefined ? values[':from']! <= since && since <= values[':to']! : since <= values[':cutoff']);
    const index = [...this.items.values()].filter((item) => !this.staleIndex.has(item.pk as string)).concat([...this.staleIndex.values()]);
    const matching = index
      .filter((item) => item.awaitingPk === values[':pk'] && inRange(String(item.awaitingSince)))
      .sort((a, b) => String(a.awaitingSince).localeCompare(String(b.awaitingSince)) || String(a.pk).localeCompare(String(b.pk)));
    const after = input.ExclusiveStartKey ? matching.findIndex((item) => item.pk === input.ExclusiveStartKey!.pk) + 1 : 0;
    const page = matching.slice(after, after + Math.min(input.Limit ?? Infinity, this.pageSize));
    const more = after + page.length < matching.length && input.Limit === undefined;
    return { Items: page.map((item) => structuredClone(item)), ...(more ? { LastEvaluatedKey: { pk: page.at(-1)!.pk, sk: page.at(-1)!.sk } } : {}) };
  }

  private batchGet(input: BatchGetCommandInput) {
    const Responses: Record<string, Item[]> = {};
    for (const [table, { Keys = [], ConsistentRead }] of Object.entries(input.RequestItems ?? {})) {
      // Only a consistent read is guaranteed to see a mark that was just written.
      if (!ConsistentRead) throw new Error('The outbox is read for marks with ConsistentRead');
      Responses[table] = Keys.flatMap((key) => {
        const item = this.items.get(String(key.pk));
        return item ? [{ pk: item.pk, ...(item.publishedAt === undefined ? {} : { publishedAt: item.publishedAt }) }] : [];
      });
    }
    return { Responses, UnprocessedKeys: {} };
  }

  private update(input: UpdateCommandInput) {
    const item = this.items.get(String(input.Key!.pk));
    if (!item) throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    item.publishedAt ??= (input.ExpressionAttributeValues as { ':at': string })[':at'];
    this.staleIndex.delete(item.pk as string);
    delete item.awaitingPk;
    delete item.awaitingSince;
    return {};
  }
}
