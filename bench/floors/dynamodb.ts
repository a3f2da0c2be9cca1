/**
 * The SDK-only floor of a DynamoDB function: a bare DynamoDB client, built once per container as
 * ours are, doing one GetItem; nothing of ours. Built with the deployed esbuild options and started
 * like the bundles (bench/cold-start/sdk-floors.ts): what a function costs above it is what we add.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const dynamoDb = new DynamoDBClient({});

export const handler = async (): Promise<{ statusCode: number; body: string }> => {
  const { Item } = await dynamoDb.send(new GetItemCommand({ TableName: 'bench-floor', Key: { pk: { S: 'floor' }, sk: { S: 'floor' } } }));
  return { statusCode: 200, body: JSON.stringify({ found: Item !== undefined }) };
};
