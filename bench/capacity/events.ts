/**
 * The events the functions receive, built as the local runtime builds them: API Gateway proxy
 * events from local/gateway/proxy-event.ts, SQS records as SNS raw delivery leaves them.
 */
import { randomUUID } from 'node:crypto';
import type { PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEvent, SQSEvent } from 'aws-lambda';
import { fullPath, type RouteDeclaration } from '../../lib/declaration';
import { restApiClaims } from '../../local/auth/tokens';
import { buildProxyEvent } from '../../local/gateway/proxy-event';

interface Caller {
  readonly sub: string;
  readonly groups?: readonly string[];
}

export interface ApiRequest {
  readonly caller?: Caller;
  readonly pathParameters?: Record<string, string>;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** The id token's claims, as the Cognito authorizer hands them to the integration. */
const claimsOf = (caller: Caller): Record<string, string> => {
  const now = Math.floor(Date.now() / 1000);
  return restApiClaims({
    sub: caller.sub,
    email: `${caller.sub}@example.com`,
    email_verified: true,
    ...(caller.groups?.length ? { 'cognito:groups': [...caller.groups] } : {}),
    'cognito:username': caller.sub,
    token_use: 'id',
    auth_time: now,
    iat: now,
    exp: now + 3600,
  });
};

export const apiEvent = (route: RouteDeclaration, request: ApiRequest): APIGatewayProxyEvent => {
  const template = fullPath(route);
  const pathname = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(request.pathParameters?.[name] ?? ''));
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(request.body));
  const headers: Record<string, string> = {
    Host: 'api.example.com',
    'User-Agent': 'bench',
    Accept: 'application/json',
    'x-api-key': 'local-web-key',
    ...(request.caller ? { Authorization: 'Bearer (verified by the gateway)' } : {}),
    ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...request.headers,
  };
  return buildProxyEvent(
    {
      method: route.method,
      pathname,
      search: new URLSearchParams(),
      rawHeaders: Object.entries(headers).flat(),
      body,
      sourceIp: '203.0.113.10',
      localPort: 443,
      requestId: randomUUID(),
      receivedAt: new Date(),
    },
    {
      resource: template,
      pathParameters: request.pathParameters ?? null,
      ...(request.caller ? { claims: claimsOf(request.caller) } : {}),
      apiKey: { value: 'local-web-key', id: 'local-web' },
    },
  );
};

/** One message as a consumer's queue delivers it: SNS raw delivery keeps the body and attributes. */
export const sqsEvent = (entry: PublishBatchRequestEntry, queueArn: string): SQSEvent => {
  const now = String(Date.now());
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body: entry.Message ?? '',
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: now },
        messageAttributes: Object.fromEntries(
          Object.entries(entry.MessageAttributes ?? {}).map(([name, value]) => [
            name,
            { dataType: value.DataType ?? 'String', stringValue: value.StringValue, stringListValues: [], binaryListValues: [] },
          ]),
        ),
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: 'us-east-1',
      },
    ],
  };
};
