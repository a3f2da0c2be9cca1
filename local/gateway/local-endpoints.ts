/**
 * Routes that exist only locally, under /_local: sign-in and a view of the emulated resources,
 * queues and functions.
 * No /_local route exists in the CDK stacks; in AWS, tokens come from the Cognito user pool.
 */
import { z } from 'zod';
import { issuesToErrors } from '../../lambdas/shared/http/request';
import type { SigningKey } from '../auth/signing-key';
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
    [`${LOCAL_PREFIX}/queues`]: { GET: async () => json(200, await deps.queueCounts()) },
    [`${LOCAL_PREFIX}/functions`]: { GET: async () => json(200, deps.functionStats()) },
    [`${LOCAL_PREFIX}/dynamodb`]: {
      GET: async () => {
        const conflicts = deps.dynamodbConflicts();
        return json(200, { conflictEmulation: conflicts !== undefined, ...(conflicts ? { conflicts } : {}) });
      },
    },
  };
  const methods = endpoints[pathname];
  if (!methods) return problem('not-found', `No local endpoint at ${pathname}.`);
  const handle = methods[method];
  if (!handle) return problem('method-not-allowed', `${pathname} accepts ${Object.keys(methods).join(', ')}.`, { allow: Object.keys(methods).join(', ') });
  return handle();
};
