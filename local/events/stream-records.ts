/**
 * DynamoDB stream records as Lambda delivers them: what GetRecords returns, with the creation
 * time in epoch seconds, binary values in base64, and the stream's ARN and region attached.
 */
import type { _Record as SdkRecord, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { LOCAL_REGION } from '../names';

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

const attributeValue = (value: SdkAttributeValue): AttributeValue => {
  if (value.B !== undefined) return { B: toBase64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(toBase64) };
  if (value.L !== undefined) return { L: value.L.map(attributeValue) };
  if (value.M !== undefined) return { M: image(value.M) ?? {} };
  return value as AttributeValue;
};

const image = (item: Record<string, SdkAttributeValue> | undefined): Record<string, AttributeValue> | undefined =>
  item && Object.fromEntries(Object.entries(item).map(([name, value]) => [name, attributeValue(value)]));

export const toLambdaRecord = (record: SdkRecord, streamArn: string): DynamoDBRecord => {
  const stream = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    // DynamoDB Local says "ddblocal"; a function sees the region it runs in.
    awsRegion: LOCAL_REGION,
    dynamodb: {
      ApproximateCreationDateTime: stream.ApproximateCreationDateTime ? Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000) : undefined,
      Keys: image(stream.Keys),
      NewImage: image(stream.NewImage),
      OldImage: image(stream.OldImage),
      SequenceNumber: stream.SequenceNumber,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } } : {}),
  };
};
