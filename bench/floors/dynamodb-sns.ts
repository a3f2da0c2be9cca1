/**
 * The SDK-only floor of the relay's client mix: bare DynamoDB and SNS clients, one GetItem and one
 * PublishBatch of one message; nothing of ours (see dynamodb.ts).
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';

const dynamoDb = new DynamoDBClient({});
const sns = new SNSClient({});

export const handler = async (): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
  await dynamoDb.send(new GetItemCommand({ TableName: 'bench-floor', Key: { pk: { S: 'floor' }, sk: { S: 'floor' } } }));
  const { Failed } = await sns.send(
    new PublishBatchCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:bench-floor', PublishBatchRequestEntries: [{ Id: '0', Message: '{}' }] }),
  );
  return { batchItemFailures: (Failed ?? []).map((failure) => ({ itemIdentifier: failure.Id ?? '' })) };
};
