import { isWriteConflict } from './dynamo-errors';

/**
 * How a write that lost a race with a concurrent DynamoDB transaction is tried again. DynamoDB
 * cancels such a write (TransactionConflict) instead of queueing it, and the SDK does not retry
 * it: the other transaction finishes within milliseconds, so trying again shortly lets the
 * conditions decide.
 */
export interface ConflictRetryPolicy {
  /** Attempts in all, the first one included. */
  readonly attempts: number;
  /** The first back-off is drawn from [0, baseDelayMs); each next bound doubles... */
  readonly baseDelayMs: number;
  /** ...up to this. */
  readonly maxDelayMs: number;
}

/**
 * For a write a caller waits on (an API request): a conflicting transaction on the same item
 * finishes within milliseconds, so past three tries something else is wrong, and the caller had
 * better hear of it than wait.
 */
export const REQUEST_CONFLICT_RETRY: ConflictRetryPolicy = { attempts: 3, baseDelayMs: 20, maxDelayMs: 40 };

/** The longest the back-offs of one operation can add up to: what its caller must budget for. */
export const longestBackoffMs = ({ attempts, baseDelayMs, maxDelayMs }: ConflictRetryPolicy): number =>
  Array.from({ length: attempts - 1 }, (_, index) => Math.min(maxDelayMs, baseDelayMs * 2 ** index)).reduce((sum, delay) => sum + delay, 0);

export interface ConflictRetryOptions {
  /** Epoch ms: no back-off that would end after it is started; the conflict is thrown instead. */
  readonly deadline?: number;
  /** Called before each back-off (for a metric or a log line). */
  readonly onRetry?: (attempt: number) => void;
}

/**
 * Runs `operation`, trying it again while it fails with a transaction conflict, at most
 * `policy.attempts` times and never past `deadline`; any other error, or the last conflict, is
 * thrown. `operation` must be safe to run again after a conflict, which holds for a write that
 * DynamoDB refused as a whole. Back-offs are "full jitter" (uniform in [0, bound)), so writers that
 * collided spread out instead of colliding again in step.
 */
export const retryConflicts = async <T>(operation: () => Promise<T>, policy: ConflictRetryPolicy, options: ConflictRetryOptions = {}): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= policy.attempts) throw error;
      const delay = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      if (options.deadline !== undefined && Date.now() + delay > options.deadline) throw error;
      options.onRetry?.(attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
};
