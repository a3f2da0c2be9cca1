import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

export const TABLE = 'users-test-table';
export const NOW = '2025-03-01T10:00:00.000Z';

/** The error DynamoDB returns when a transaction is cancelled, one reason code per item sent. */
export const transactionCanceled = (...codes: string[]): TransactionCanceledException =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** A stored user item, as the users table holds it. */
export const storedUser = (overrides: Record<string, unknown> = {}) => ({
  pk: 'USER#user-1',
  sk: 'PROFILE',
  kind: 'user',
  id: 'user-1',
  name: 'Ada',
  email: 'ada@example.com',
  createdAt: NOW,
  updatedAt: NOW,
  version: 1,
  ...overrides,
});
