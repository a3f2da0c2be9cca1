import { afterEach, describe, expect, it, vi } from 'vitest';
import { longestBackoffMs, retryConflicts } from '../../../lambdas/shared/conflict-retry';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });
const transactionConflict = () => named('TransactionCanceledException', { CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] });
const POLICY = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

/** An operation that fails with the given errors, in turn, then succeeds; it counts its calls. */
const failingWith = (...errors: Error[]) => {
  const operation = vi.fn(async () => {
    const error = errors[operation.mock.calls.length - 1];
    if (error) throw error;
    return 'done';
  });
  return operation;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('retryConflicts', () => {
  it('tries a cancelled transaction and a refused single write again until they go through', async () => {
    const operation = failingWith(transactionConflict(), named('TransactionConflictException'));

    await expect(retryConflicts(operation, POLICY)).resolves.toBe('done');
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('throws the last conflict after the last attempt', async () => {
    const operation = failingWith(...Array.from({ length: 4 }, transactionConflict));

    await expect(retryConflicts(operation, POLICY)).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(operation).toHaveBeenCalledTimes(4);
  });

  it('never retries anything but a conflict: a failed condition is an answer, throttling is for the SDK and SQS', async () => {
    for (const error of [named('TransactionCanceledException', { CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }), named('ThrottlingException')]) {
      const operation = failingWith(error);
      await expect(retryConflicts(operation, POLICY)).rejects.toBe(error);
      expect(operation).toHaveBeenCalledTimes(1);
    }
  });

  it('starts no back-off that would end after the deadline', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const operation = failingWith(transactionConflict(), transactionConflict());
    const onRetry = vi.fn();

    await expect(retryConflicts(operation, { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 1_000 }, { deadline: Date.now() + 500, onRetry })).rejects.toMatchObject({
      name: 'TransactionCanceledException',
    });
    expect(operation).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('bounds the sum of its back-offs: doubling from the base, capped', () => {
    expect(longestBackoffMs({ attempts: 5, baseDelayMs: 10, maxDelayMs: 50 })).toBe(10 + 20 + 40 + 50);
    expect(longestBackoffMs({ attempts: 1, baseDelayMs: 10, maxDelayMs: 50 })).toBe(0);
  });
});
