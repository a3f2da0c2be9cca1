import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/** A cancelled transaction as DynamoDB reports it: one reason per item, in the order the items were sent. */
export const cancelled = (...codes: ('None' | 'ConditionalCheckFailed' | 'TransactionConflict' | 'ThrottlingError')[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

export const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

export const throttled = () => Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });

/** The TransactItems of every TransactWriteItems sent, in order. */
export const sentTransactions = (mock: AwsClientStub<DynamoDBDocumentClient>) =>
  mock.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems ?? []);
