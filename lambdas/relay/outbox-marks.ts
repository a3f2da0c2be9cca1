import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AWAITING_PK, AWAITING_SINCE } from '../shared/awaiting-index';
import { documentClient } from '../shared/clients';
import { isConditionalCheckFailure } from '../shared/dynamo-errors';
import { nowIso } from '../shared/clock';
import type { Envelope } from '../shared/events/envelope';
import { outboxKey } from '../shared/outbox';
import { logger } from '../shared/powertools';

/** Marks run side by side, a bounded number at a time, so a full batch does not burst the table. */
const MARK_CONCURRENCY = 10;

/**
 * Not exposed to transaction conflicts, for the relay and the sweeper alike: the only transaction
 * that writes an outbox item is the one that created it, and it has committed before its stream
 * record or its index entry can be seen. The relay's and the sweeper's marks are single-item
 * writes, which DynamoDB serialises with each other without conflicts.
 */
const markOne = async (tableName: string, envelope: Envelope, at: string): Promise<boolean> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: outboxKey(envelope.id),
        // Dropping the index attributes takes the item out of the sweeper's index.
        UpdateExpression: 'SET publishedAt = if_not_exists(publishedAt, :at) REMOVE #awaitingPk, #awaitingSince',
        // Never recreate an item TTL has already deleted: that would be an event with no state.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#awaitingPk': AWAITING_PK, '#awaitingSince': AWAITING_SINCE },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return true;
    logger.warn('Could not mark an event published; the sweeper will publish it again', {
      correlationId: envelope.correlationId,
      eventType: envelope.type,
      eventId: envelope.id,
      error: error as Error,
    });
    return false;
  }
};

/**
 * Marks outbox items published, after SNS accepted their events. A mark that fails changes
 * nothing for the event, which has left: the sweeper publishes it once more later (consumers
 * are idempotent), so a failed mark costs a duplicate, never an event. Returns how many were marked.
 */
export const markPublished = async (tableName: string, envelopes: readonly Envelope[]): Promise<number> => {
  const at = nowIso();
  let marked = 0;
  for (let start = 0; start < envelopes.length; start += MARK_CONCURRENCY) {
    const results = await Promise.all(envelopes.slice(start, start + MARK_CONCURRENCY).map((envelope) => markOne(tableName, envelope, at)));
    marked += results.filter(Boolean).length;
  }
  return marked;
};
