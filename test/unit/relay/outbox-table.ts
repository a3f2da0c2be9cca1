import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { Envelope } from '../../../lambdas/shared/events/envelope';
import { outboxItem } from '../../../lambdas/shared/outbox';

type Item = Record<string, unknown>;

/**
 * An outbox table in memory behind a mocked document client, answering the two calls the relay
 * and the sweeper make with DynamoDB's semantics: a Query of the awaiting index (one shard, up to
 * the cutoff, ascending, limited) and the conditional UpdateItem that marks an item published.
 */
export class InMemoryOutboxTable {
  readonly items = new Map<string, Item>();

  constructor(mock: AwsClientStub<DynamoDBDocumentClient>) {
    mock.on(QueryCommand).callsFake((input: QueryCommandInput) => this.query(input));
    mock.on(UpdateCommand).callsFake((input: UpdateCommandInput) => this.update(input));
  }

  put(event: Envelope): void {
    const item = outboxItem(event);
    this.items.set(item.pk, { ...item });
  }

  publishedAt(eventId: string): unknown {
    return this.items.get(`OUTBOX#${eventId}`)?.publishedAt;
  }

  private query(input: QueryCommandInput) {
    const values = input.ExpressionAttributeValues as { ':pk': string; ':cutoff': string };
    const matching = [...this.items.values()]
      .filter((item) => item.awaitingPk === values[':pk'] && String(item.awaitingSince) <= values[':cutoff'])
      .sort((a, b) => String(a.awaitingSince).localeCompare(String(b.awaitingSince)));
    return { Items: matching.slice(0, input.Limit).map((item) => structuredClone(item)) };
  }

  private update(input: UpdateCommandInput) {
    const item = this.items.get(String(input.Key!.pk));
    if (!item) throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    item.publishedAt ??= (input.ExpressionAttributeValues as { ':at': string })[':at'];
    delete item.awaitingPk;
    delete item.awaitingSince;
    return {};
  }
}
