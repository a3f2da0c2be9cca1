import { SNSClient } from '@aws-sdk/client-sns';
import { withSdkClientHook } from '../shared/sdk-client-hook';

/**
 * Built once per container, like the DynamoDB clients in shared/clients.ts, but kept here so the
 * relay's bundle carries only SNS. The endpoint comes from AWS_ENDPOINT_URL_SNS when set (local runtime).
 */
export const snsClient = withSdkClientHook(new SNSClient({}));
