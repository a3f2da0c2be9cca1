import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withSdkClientHook } from './sdk-client-hook';

/**
 * Built once per container and reused across invocations: creating a client per request would
 * cost a TLS handshake each time. The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set
 * (the local runtime), so handlers never ask whether they run locally.
 */
export const dynamoDb = withSdkClientHook(new DynamoDBClient({}));

// The document client shares the base client's middleware stack: what the hook added to
// `dynamoDb` also sees every document command.
export const documentClient = DynamoDBDocumentClient.from(dynamoDb, {
  marshallOptions: { removeUndefinedValues: true },
});
