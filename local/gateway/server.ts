/**
 * The local API Gateway (REST API, Lambda proxy integrations), on node:http. Before a handler
 * runs it does what API Gateway does, with API Gateway's statuses:
 *
 * - 404 for a path no resource matches. (A REST API answers 403 "Missing Authentication Token"
 *   here; the stack's gateway responses are expected to turn that into a 404 problem.)
 * - 403 "Missing Authentication Token" for a method the resource lacks, which is what a REST API
 *   answers; a local 405 would let clients depend on a status the cloud never sends.
 * - 413 over the 10 MB payload limit, 429 over the stage throttle (lib/config.ts).
 * - 401 on a route behind the Cognito authorizer without a valid id token.
 * - 502 when the function fails or returns a malformed response, 504 after the 29 s integration timeout.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteDeclaration } from '../../lib/declaration';
import type { SigningKey } from '../auth/signing-key';
import { restApiClaims, verifyIdToken } from '../auth/tokens';
import type { InvocationResult } from '../functions/function-pool';
import type { RuntimeLog } from '../log';
import { StartupError } from '../startup-error';
import { MAX_PAYLOAD_BYTES, readBody } from './body';
import { handleLocalEndpoint, LOCAL_PREFIX, type LocalEndpointsDeps } from './local-endpoints';
import { problems, type GatewayResponse } from './problems';
import { buildProxyEvent } from './proxy-event';
import { toHttpResponse, type HttpResponse } from './proxy-result';
import type { RouteTable } from './routes';
import type { TokenBucket } from './throttle';

/** API Gateway's maximum integration timeout for REST APIs. */
export const INTEGRATION_TIMEOUT_SECONDS = 29;

export interface GatewayDeps {
  readonly routes: RouteTable;
  readonly invoke: (route: RouteDeclaration, event: unknown) => Promise<InvocationResult>;
  readonly signingKey: SigningKey;
  readonly throttle: TokenBucket;
  readonly local: LocalEndpointsDeps;
  readonly log: RuntimeLog;
}

export interface Gateway {
  readonly port: number;
  /** Starts serving the API; until then every request gets a 503. */
  serve(deps: GatewayDeps): void;
  /** Stops accepting connections and closes idle ones; requests in progress finish. */
  close(): Promise<void>;
}

const fromGateway = (response: GatewayResponse): HttpResponse => ({
  statusCode: response.statusCode,
  headers: Object.entries(response.headers),
  body: Buffer.from(response.body, 'utf8'),
});

const withIntegrationTimeout = (invocation: Promise<InvocationResult>): Promise<InvocationResult | 'timeout'> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), INTEGRATION_TIMEOUT_SECONDS * 1000);
    void invocation.then((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });

const handleApiRequest = async (deps: GatewayDeps, request: IncomingMessage, url: URL, body: Buffer, requestId: string, receivedAt: Date): Promise<HttpResponse> => {
  const method = request.method ?? 'GET';
  if (!deps.throttle.take()) return fromGateway(problems.throttled());
  const match = deps.routes.match(method, url.pathname);
  if (match.kind === 'no-resource') return fromGateway(problems.notFound(url.pathname));
  if (match.kind === 'wrong-method') return fromGateway(problems.missingAuthenticationToken(method, url.pathname));
  if (match.kind === 'bad-path') return fromGateway(problems.badPath());

  let claims: Record<string, string> | undefined;
  if (match.route.auth === 'user') {
    const verification = await verifyIdToken(deps.signingKey, request.headers.authorization);
    if (!verification.ok) return fromGateway(problems.unauthorized(verification.reason));
    claims = restApiClaims(verification.claims);
  }

  const event = buildProxyEvent(
    {
      method,
      pathname: url.pathname,
      search: url.searchParams,
      rawHeaders: request.rawHeaders,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      localPort: request.socket.localPort ?? 0,
      requestId,
      receivedAt,
    },
    { resource: match.resource, pathParameters: match.pathParameters, claims },
  );
  const result = await withIntegrationTimeout(deps.invoke(match.route, event));
  if (result === 'timeout') return fromGateway(problems.gatewayTimeout(requestId, INTEGRATION_TIMEOUT_SECONDS));
  if (!result.ok) {
    deps.log.warn(`${match.route.id}: ${result.error.errorType}: ${result.error.errorMessage} (request ${requestId})`);
    return fromGateway(problems.badGateway(requestId));
  }
  const response = toHttpResponse(result.value);
  if ('malformed' in response) {
    deps.log.warn(`${match.route.id}: malformed Lambda proxy response: ${response.malformed} (request ${requestId})`);
    return fromGateway(problems.badGateway(requestId));
  }
  return response;
};

const handle = async (deps: GatewayDeps | undefined, request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const requestId = randomUUID();
  const receivedAt = new Date();
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const read = await readBody(request);
  let result: HttpResponse;
  if (!deps) result = fromGateway(problems.starting());
  else if ('tooLarge' in read) result = fromGateway(problems.tooLarge(MAX_PAYLOAD_BYTES));
  else if (url.pathname === LOCAL_PREFIX || url.pathname.startsWith(`${LOCAL_PREFIX}/`)) {
    result = fromGateway(await handleLocalEndpoint(deps.local, request.method ?? 'GET', url.pathname, read.body, request.headers['content-type']));
  } else {
    result = await handleApiRequest(deps, request, url, read.body, requestId, receivedAt);
  }
  const headers: [string, string][] = [...result.headers, ['x-amzn-RequestId', requestId], ['x-amz-apigw-id', requestId.slice(0, 16)]];
  response.writeHead(result.statusCode, headers.flat());
  response.end(result.body);
  deps?.log.info(`${request.method} ${url.pathname} -> ${result.statusCode} (${Date.now() - receivedAt.getTime()} ms)`);
};

/** Listens on host:port now (so a taken port fails fast), answering 503 until `serve` is called. */
export const startGateway = (host: string, port: number): Promise<Gateway> =>
  new Promise((resolve, reject) => {
    let deps: GatewayDeps | undefined;
    const server = http.createServer((request, response) => {
      handle(deps, request, response).catch((error: unknown) => {
        deps?.log.warn(`Gateway error: ${(error as Error).stack ?? String(error)}`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/problem+json' });
        response.end();
      });
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new StartupError(`Port ${port} on ${host} is already in use.`, 'Stop whatever uses it, or choose another port: npm start -- --port 3001 (or PORT=3001 npm start).'));
      } else if (error.code === 'EACCES') {
        reject(new StartupError(`Not allowed to listen on port ${port}.`, 'Choose a port above 1023: npm start -- --port 3000.'));
      } else reject(error);
    });
    server.listen(port, host, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        serve: (ready) => {
          deps = ready;
        },
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
