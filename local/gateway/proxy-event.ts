/**
 * The event a REST API's Lambda proxy integration sends, built from a local HTTP request:
 * headers and query strings both single- and multi-valued, null where API Gateway sends null,
 * the request context with the stage, request id, caller identity and authorizer claims.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from '../names';

export const STAGE = 'local';
const API_ID = 'local';

export interface ProxyRequest {
  readonly method: string;
  readonly pathname: string;
  readonly search: URLSearchParams;
  /** As received, names in their original case, repeated headers repeated. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly localPort: number;
  readonly requestId: string;
  readonly receivedAt: Date;
}

export interface ProxyTarget {
  /** The resource template, e.g. `/v1/users/{id}`. */
  readonly resource: string;
  readonly pathParameters: Record<string, string> | null;
  /** Present on routes behind the authorizer. */
  readonly claims?: Record<string, string>;
  /** The client app's key and its id, on routes that require one. */
  readonly apiKey?: { readonly value: string; readonly id: string };
}

/** By name; a client's `__proto__` or `constructor` is a name like any other, not the object's prototype. */
const multiValued = (entries: Iterable<[string, string]>): Record<string, string[]> => {
  const result: Record<string, string[]> = Object.create(null);
  for (const [name, value] of entries) (result[name] ??= []).push(value);
  return result;
};

const lastValues = (multi: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values[values.length - 1]!]));

const pairs = (rawHeaders: readonly string[]): [string, string][] => {
  const result: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) result.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return result;
};

/** `25/Nov/2026:07:54:33 +0000`, API Gateway's requestTime. */
const requestTime = (date: Date): string => {
  const [, day, month, year, time] = date.toUTCString().replace(',', '').split(' ') as [string, string, string, string, string];
  return `${day.padStart(2, '0')}/${month}/${year}:${time} +0000`;
};

/** The X-Ray trace header API Gateway adds: Root=1-<epoch hex>-<96 random bits>. */
const traceId = (date: Date): string =>
  `Root=1-${Math.floor(date.getTime() / 1000).toString(16)}-${randomUUID().replaceAll('-', '').slice(0, 24)}`;

export const buildProxyEvent = (request: ProxyRequest, target: ProxyTarget): APIGatewayProxyEvent => {
  const received = pairs(request.rawHeaders);
  const present = new Set(received.map(([name]) => name.toLowerCase()));
  // Headers API Gateway adds in front of the integration.
  const added: [string, string][] = [
    ['X-Forwarded-For', request.sourceIp],
    ['X-Forwarded-Port', String(request.localPort)],
    ['X-Forwarded-Proto', 'http'],
    ['X-Amzn-Trace-Id', traceId(request.receivedAt)],
  ].filter(([name]) => !present.has(name!.toLowerCase())) as [string, string][];
  const multiValueHeaders = multiValued([...received, ...added]);
  const query = [...request.search.entries()];
  const multiValueQueryStringParameters = query.length > 0 ? multiValued(query) : null;
  const lastReceived = (wanted: string): string | undefined => received.filter(([name]) => name.toLowerCase() === wanted).at(-1)?.[1];
  const userAgent = lastReceived('user-agent') ?? null;
  const host = lastReceived('host') ?? `127.0.0.1:${request.localPort}`;

  return {
    resource: target.resource,
    path: request.pathname,
    httpMethod: request.method,
    headers: lastValues(multiValueHeaders),
    multiValueHeaders,
    queryStringParameters: multiValueQueryStringParameters ? lastValues(multiValueQueryStringParameters) : null,
    multiValueQueryStringParameters,
    pathParameters: target.pathParameters,
    stageVariables: null,
    // No binary media types are configured: API Gateway passes bodies through as text.
    body: request.body.length > 0 ? request.body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: API_ID,
      // Routes without the authorizer get none (undefined is dropped when the event is serialised).
      authorizer: target.claims ? { claims: target.claims } : undefined,
      domainName: host,
      domainPrefix: host.split('.')[0]!,
      extendedRequestId: randomUUID(),
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: target.apiKey?.value ?? null,
        apiKeyId: target.apiKey?.id ?? null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
      path: `/${STAGE}${request.pathname}`,
      protocol: 'HTTP/1.1',
      requestId: request.requestId,
      requestTime: requestTime(request.receivedAt),
      requestTimeEpoch: request.receivedAt.getTime(),
      resourceId: target.resource,
      resourcePath: target.resource,
      stage: STAGE,
    },
  };
};
