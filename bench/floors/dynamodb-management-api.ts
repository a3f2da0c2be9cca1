/**
 * The SDK-only floor of the live consumer's client mix: bare DynamoDB and API Gateway Management
 * API clients, one GetItem; nothing of ours (see dynamodb.ts). Its recorded story finds no open
 * connection, so it posts nothing: neither does the floor, which only builds the second client.
 */
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const dynamoDb = new DynamoDBClient({});
/** Built once per container, as the live consumer builds its poster's client. */
export const connections = new ApiGatewayManagementApiClient({ endpoint: 'https://floor.execute-api.us-east-1.amazonaws.com/bench' });

export const handler = async (): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
  await dynamoDb.send(new GetItemCommand({ TableName: 'bench-floor', Key: { pk: { S: 'floor' }, sk: { S: 'floor' } } }));
  return { batchItemFailures: [] };
};
