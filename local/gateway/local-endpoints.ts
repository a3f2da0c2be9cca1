/**
 * Routes that exist only locally, under /_local: sign-in and a view of the emulated resources,
 * queues and functions.
 * No /_local route exists in the CDK stacks; in AWS, tokens come from the Cognito user pool.
 */
import { z } from 'zod';
import { issuesToErrors } from '../../lambdas/shared/http/request';
import { exportJWK } from 'jose';
import { SIGNING_ALGORITHM, type SigningKey } from '../auth/signing-key';
import type { LocalConnections } from './live-socket';
import type { ConflictCounts } from '../dynamodb/conflict-proxy';
import type { FunctionStats } from '../functions/function-pool';
import { issueIdToken, TOKEN_LIFETIME_SECONDS } from '../auth/tokens';
import { problem, type GatewayResponse } from './problems';

export const LOCAL_PREFIX = '/_local';

/** Ids end up inside DynamoDB keys (`USER#<sub>`): no `#`, nothing a Cognito sub would not contain. */
const tokenRequest = z.strictObject({
  sub: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'Use 1 to 128 letters, digits, "_", "." or "-"'),
  email: z.email().max(254).optional(),
  groups: z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'Use letters, digits, "_", "." or "-"')).max(25).optional(),
});

export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
}

export interface LocalResources {
  readonly dynamodbEndpoint: string;
  readonly snsSqsEndpoint: string;
  readonly region: string;
  readonly tables: Record<string, string>;
  readonly topicArn: string;
  readonly queues: Record<string, { readonly url: string; readonly dlqUrl: string }>;
  readonly relayFailureQueues: Record<string, string>;
  /** Each client app's API key (send it as x-api-key). */
  readonly apiKeys: Record<string, string>;
  /** The access log file: one JSON line per API request. */
  readonly accessLog: string;
  /** Where each function's log lines go, one `<function>.log` per function. */
  readonly logsDir: string;
}

export interface LocalEndpointsDeps {
  readonly signingKey: SigningKey;
  readonly resources: LocalResources;
  readonly queueCounts: () => Promise<{
    queues: Record<string, QueueCounts & { readonly dlq: number }>;
    relayFailures: Record<string, QueueCounts>;
  }>;
  /** Each function's invocations, throttles and instances, by function name. */
  readonly functionStats: () => Record<string, FunctionStats>;
  /** The conflicts the DynamoDB endpoint produced so far; undefined when their emulation is off. */
  readonly dynamodbConflicts: () => ConflictCounts | undefined;
  /** The socket's open connections: the API Gateway Management API's stand-in posts to them. */
  readonly connections?: LocalConnections;
}

/** Where functions post to the socket's connections (their SDK's endpoint): `<this>/@connections/{id}`. */
export const LOCAL_CONNECTIONS_PATH = `${LOCAL_PREFIX}/live`;
/** The local sign-in's public key, as a JWKS: what the socket's authorizer verifies tokens with. */
export const LOCAL_JWKS_PATH = `${LOCAL_PREFIX}/.well-known/jwks.json`;

const gone = (connectionId: string): GatewayResponse => ({
  statusCode: 410,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'GoneException' },
  body: JSON.stringify({ message: `No open connection ${connectionId}` }),
});

/** The Management API's PostToConnection and DeleteConnection, on the local socket's connections. */
const manageConnection = (connections: LocalConnections | undefined, method: string, connectionId: string, body: Buffer): GatewayResponse => {
  if (method === 'POST') return connections?.post(connectionId, body.toString('utf8')) ? { statusCode: 200, headers: {}, body: '' } : gone(connectionId);
  if (method === 'DELETE') return connections?.close(connectionId) ? { statusCode: 204, headers: {}, body: '' } : gone(connectionId);
  return problem('method-not-allowed', 'A connection accepts POST and DELETE.', { allow: 'POST, DELETE' });
}

const json = (statusCode: number, body: unknown): GatewayResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const badRequest = (detail: string, errors?: { path: string; message: string }[]): GatewayResponse => problem('validation', detail, {}, errors);

const issueToken = async (key: SigningKey, body: Buffer, contentType: string | undefined): Promise<GatewayResponse> => {
  if (!/^application\/json\b/i.test(contentType ?? '')) return badRequest('Send a JSON body with Content-Type: application/json.');
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return problem('malformed-json', 'The request body is not valid JSON.');
  }
  const parsed = tokenRequest.safeParse(value);
  if (!parsed.success) return badRequest('The token request is invalid.', issuesToErrors(parsed.error.issues));
  return json(200, { token: await issueIdToken(key, parsed.data), expiresIn: TOKEN_LIFETIME_SECONDS });
};

export const handleLocalEndpoint = async (
  deps: LocalEndpointsDeps,
  method: string,
  pathname: string,
  body: Buffer,
  contentType: string | undefined,
): Promise<GatewayResponse> => {
  const endpoints: Record<string, Partial<Record<string, () => Promise<GatewayResponse>>>> = {
    [`${LOCAL_PREFIX}/token`]: { POST: () => issueToken(deps.signingKey, body, contentType) },
    [`${LOCAL_PREFIX}/resources`]: { GET: async () => json(200, deps.resources) },
    [LOCAL_JWKS_PATH]: { GET: async () => json(200, { keys: [{ ...(await exportJWK(deps.signingKey.publicKey)), kid: deps.signingKey.kid, alg: SIGNING_ALGORITHM, use: 'sig' }] }) },
    [`${LOCAL_PREFIX}/queues`]: { GET: async () => json(200, await deps.queueCounts()) },
    [`${LOCAL_PREFIX}/functions`]: { GET: async () => json(200, deps.functionStats()) },
    [`${LOCAL_PREFIX}/dynamodb`]: {
      GET: async () => {
        const conflicts = deps.dynamodbConflicts();
        return json(200, { conflictEmulation: conflicts !== undefined, ...(conflicts ? { conflicts } : {}) });
      },
    },
  };
  const connection = /^\/_local\/live\/@connections\/([^/]+)$/.exec(decodeURIComponent(pathname));
  if (connection) return manageConnection(deps.connections, method, connection[1]!, body);
  const methods = endpoints[pathname];
  if (!methods) return problem('not-found', `No local endpoint at ${pathname}.`);
  const handle = methods[method];
  if (!handle) return problem('method-not-allowed', `${pathname} accepts ${Object.keys(methods).join(', ')}.`, { allow: Object.keys(methods).join(', ') });
  return handle();
};
