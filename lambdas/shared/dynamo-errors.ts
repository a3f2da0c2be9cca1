/**
 * Recognising DynamoDB's conditional failures by name, not by class: the error classes of
 * @aws-sdk/client-dynamodb are not shared with aws-sdk-client-mock's rejections in every setup,
 * and a name check works for both.
 */
interface CancellationReason {
  Code?: string;
}

const nameOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? (error as { name?: string }).name : undefined;

export const isConditionalCheckFailure = (error: unknown): boolean =>
  nameOf(error) === 'ConditionalCheckFailedException';

const isTransactionCanceled = (error: unknown): boolean => nameOf(error) === 'TransactionCanceledException';

/**
 * For a cancelled TransactWriteItems: the indexes (in the order the items were sent) whose
 * condition failed. Empty when the transaction failed for another reason (conflict, throttling),
 * which callers must treat as retryable, not as a business outcome.
 */
export const failedConditionIndexes = (error: unknown): number[] => {
  if (!isTransactionCanceled(error)) return [];
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  return reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
};

/** The cancellation code of one item of a cancelled transaction ('None' when that item was fine). */
const cancellationCodeAt = (error: unknown, index: number): string | undefined =>
  isTransactionCanceled(error) ? (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons?.[index]?.Code : undefined;

/**
 * Whether a cancelled transaction lost a race on its versioned item (at `index`): its version
 * condition failed, or another transaction held the item (TransactionConflict) past the retries.
 * Both mean the same to the writer: read again and decide again.
 */
export const lostVersionRace = (error: unknown, index: number): boolean => {
  const code = cancellationCodeAt(error, index);
  return code === 'ConditionalCheckFailed' || code === 'TransactionConflict';
};

/**
 * Whether a cancelled TransactWriteItems lost a race with another transaction on one of its items
 * (reason `TransactionConflict`): the other write is in flight, so trying again shortly lets the
 * conditions decide. The SDK does not retry these itself.
 */
const isTransactionConflict = (error: unknown): boolean =>
  isTransactionCanceled(error) &&
  ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

/**
 * Whether a write lost a race with a concurrent transaction and may simply be tried again: a
 * cancelled TransactWriteItems with a `TransactionConflict` reason, or a single-item write refused
 * with TransactionConflictException because a transaction held its item.
 */
export const isWriteConflict = (error: unknown): boolean => isTransactionConflict(error) || nameOf(error) === 'TransactionConflictException';
