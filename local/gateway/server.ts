/**
 * The local API Gateway (REST API, Lambda proxy integrations), on node:http. Before a handler
 * runs it does what API Gateway does, in API Gateway's order and with the stack's gateway
 * responses (lib/gateway-responses.ts):
 *
 * - 413 over the 10 MB payload limit; 429 over the stage throttle (lib/config.ts), then over the
 *   route's own method throttle (its declared `throttle`, else the app's `writeThrottle` for writes).
 * - CORS preflights (OPTIONS) answered by the gateway itself when the stage allows origins.
 * - 404 for a path or method no route has (API Gateway's "Missing Authentication Token",
 *   customised by the stack into a 404 problem).
 * - 401 on a route behind the Cognito authorizer without a valid id token.
 * - 403 without a known client app's `x-api-key` where the route requires one; 429 over the
 *   app's usage plan rate (with Retry-After) or its daily quota.
 * - 502 when the function fails or returns a malformed response, 504 after the 29 s integration
 *   timeout. An invocation still waiting for a free instance when the gateway answers never
 *   starts: nobody waits for its result.
 * - Lambda scales out; locally a function has a few instances. When all are busy a request waits
 *   briefly for one, then gets what API Gateway answers when Lambda throttles an invocation (500).
 *
 * Every API request gets one access log line (local/gateway/access-log.ts).
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requiresApiKey, type RouteDeclaration } from '../../lib/declaration';
import type { GatewayResponseType } from '../../lib/gateway-responses';
import type { AuthorizerCache } from '../auth/authorizer-cache';
import { restApiClaims } from '../auth/tokens';
import type { InvocationResult, InvokeOptions } from '../functions/function-pool';
import type { RuntimeLog } from '../log';
import { StartupError } from '../startup-error';
import type { AccessLog, AccessLogLine } from './access-log';
import { readBody } from './body';
import { gatewayResponseCorsHeaders, preflightHeaders, type LocalCors } from './cors';
import { handleLocalEndpoint, LOCAL_PREFIX, type LocalEndpointsDeps } from './local-endpoints';
import { isWebAppPath, type WebAppServer } from '../web/web-app-server';
import { gatewayProblem, lambdaThrottledProblem, localProblems, type GatewayResponse } from './problems';
import { buildProxyEvent, STAGE } from './proxy-event';
import { toHttpResponse, type HttpResponse } from './proxy-result';
import type { RouteTable } from './routes';
import type { LiveSocket } from './live-socket';
import type { RouteThrottles } from './route-throttles';
import type { TokenBucket } from './throttle';
import type { UsagePlans } from './usage-plans';

/** API Gateway's maximum integration timeout for REST APIs. */
const INTEGRATION_TIMEOUT_MS = 29_000;
/**
 * How long a request waits for a free local instance before it is answered as a throttled
 * invocation. Lambda would start another instance in a few hundred ms; a busy local instance
 * frees up in about that time too, so a few seconds absorb a burst without hiding real overload.
 */
const INSTANCE_WAIT_MS = 3_000;

/** The gateway's timing limits; tests shorten them to reach them quickly. */
export interface GatewayLimits {
  readonly integrationTimeoutMs: number;
  readonly instanceWaitMs: number;
}

export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = { integrationTimeoutMs: INTEGRATION_TIMEOUT_MS, instanceWaitMs: INSTANCE_WAIT_MS };

interface GatewayDeps {
  readonly routes: RouteTable;
  readonly invoke: (route: RouteDeclaration, event: unknown, options: InvokeOptions) => Promise<InvocationResult>;
  readonly limits: GatewayLimits;
  /** Each route's method throttle, by route id (routes without one are absent). */
  readonly routeThrottles: RouteThrottles;
  /** Verifies id tokens as the Cognito authorizer does, caching results for its TTL. */
  readonly authorizer: AuthorizerCache;
  /** The stage-wide throttle. */
  readonly throttle: TokenBucket;
  readonly usagePlans: UsagePlans;
  /** Absent when the stage allows no browser origin. */
  readonly cors?: LocalCors;
  readonly accessLog: AccessLog;
  readonly local: LocalEndpointsDeps;
  /** The WebSocket API (the live socket), on the same port; absent when no service declares a socket. */
  readonly socket?: LiveSocket;
  /** The web app at /app/ (local/web/); not part of the API, so not in the access log. */
  readonly webApp?: WebAppServer;
  readonly log: RuntimeLog;
}

export interface Gateway {
  readonly port: number;
  /** Starts serving the API; until then every request gets a 503. */
  serve(deps: GatewayDeps): void;
  /** Stops accepting connections and closes idle ones; requests in progress finish. */
  close(): Promise<void>;
}

/** What the access log line needs to know beyond the request and the response. */
interface RequestFacts {
  route?: string;
  sub?: string;
  apiKeyId?: string;
  integrationLatency?: number;
  error?: string;
}

const fromGateway = (response: GatewayResponse): HttpResponse => ({
  statusCode: response.statusCode,
  headers: Object.entries(response.headers),
  body: Buffer.from(response.body, 'utf8'),
});

/**
 * Invokes within the integration timeout. When the gateway gives up, the abort tells the pool:
 * an invocation still waiting for an instance is dropped, one already running finishes (as a
 * Lambda does after API Gateway's 504).
 */
const invokeWithinTimeout = (
  invoke: (options: InvokeOptions) => Promise<InvocationResult>,
  limits: GatewayLimits,
): Promise<InvocationResult | 'timeout'> => {
  const gaveUp = new AbortController();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      gaveUp.abort();
      resolve('timeout');
    }, limits.integrationTimeoutMs);
    void invoke({ signal: gaveUp.signal, maxWaitMs: limits.instanceWaitMs }).then((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
};

const lastHeader = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.at(-1) : value;
};

const handleApiRequest = async (
  deps: GatewayDeps,
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  requestId: string,
  receivedAt: Date,
  facts: RequestFacts,
): Promise<HttpResponse> => {
  const refuse = (type: GatewayResponseType): HttpResponse => {
    facts.error = type;
    return fromGateway(gatewayProblem(type, gatewayResponseCorsHeaders(deps.cors)));
  };
  const method = request.method ?? 'GET';
  if (!deps.throttle.take()) return refuse('THROTTLED');
  const match = deps.routes.match(method, url.pathname);
  if (match.kind === 'wrong-method' && method === 'OPTIONS' && deps.cors) {
    facts.route = url.pathname;
    return { statusCode: 204, headers: Object.entries(preflightHeaders(deps.cors, match.allowed, lastHeader(request, 'origin'))), body: Buffer.alloc(0) };
  }
  if (match.kind === 'no-resource' || match.kind === 'wrong-method') return refuse('MISSING_AUTHENTICATION_TOKEN');
  if (match.kind === 'bad-path') return fromGateway(localProblems.badPath());
  facts.route = match.resource;
  if (!deps.routeThrottles.take(match.route)) return refuse('THROTTLED');

  let claims: Record<string, string> | undefined;
  if (match.route.auth === 'user') {
    const verification = await deps.authorizer.verify(request.headers.authorization);
    if (!verification.ok) {
      deps.log.info(`401 on ${method} ${url.pathname}: ${verification.reason} (request ${requestId})`);
      return refuse('UNAUTHORIZED');
    }
    claims = restApiClaims(verification.claims);
    facts.sub = claims.sub;
  }

  let apiKey: { value: string; id: string } | undefined;
  if (requiresApiKey(match.route)) {
    const value = lastHeader(request, 'x-api-key');
    const check = deps.usagePlans.check(value);
    facts.apiKeyId = check.apiKeyId;
    if (!check.ok) return refuse(check.refusal);
    apiKey = { value: value!, id: check.apiKeyId };
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
    { resource: match.resource, pathParameters: match.pathParameters, claims, apiKey },
  );
  const invokedAt = Date.now();
  const result = await invokeWithinTimeout((options) => deps.invoke(match.route, event, options), deps.limits);
  facts.integrationLatency = Date.now() - invokedAt;
  if (result === 'timeout') return refuse('INTEGRATION_TIMEOUT');
  if (!result.ok && result.error.errorType === 'TooManyRequestsException') {
    deps.log.warn(`${match.route.id}: ${result.error.errorMessage}; answered as a throttled Lambda (request ${requestId})`);
    facts.error = 'Lambda throttled';
    return fromGateway(lambdaThrottledProblem(gatewayResponseCorsHeaders(deps.cors)));
  }
  if (!result.ok) {
    deps.log.warn(`${match.route.id}: ${result.error.errorType}: ${result.error.errorMessage} (request ${requestId})`);
    return refuse('INTEGRATION_FAILURE');
  }
  const response = toHttpResponse(result.value);
  if ('malformed' in response) {
    deps.log.warn(`${match.route.id}: malformed Lambda proxy response: ${response.malformed} (request ${requestId})`);
    return refuse('INTEGRATION_FAILURE');
  }
  return response;
};

/** `-` where API Gateway has no value for a $context variable. */
const orDash = (value: string | number | undefined | null): string | number => (value === undefined || value === null || value === '' ? '-' : value);

const accessLogLine = (request: IncomingMessage, url: URL, requestId: string, receivedAt: Date, status: number, length: number, facts: RequestFacts): AccessLogLine => ({
  requestId,
  ip: orDash(request.socket.remoteAddress?.replace(/^::ffff:/, '')),
  sub: orDash(facts.sub),
  apiKeyId: orDash(facts.apiKeyId),
  requestTime: receivedAt.toISOString(),
  method: request.method ?? 'GET',
  path: `/${STAGE}${url.pathname}`,
  route: orDash(facts.route),
  protocol: `HTTP/${request.httpVersion}`,
  status,
  latency: Date.now() - receivedAt.getTime(),
  integrationLatency: orDash(facts.integrationLatency),
  responseLength: length,
  error: orDash(facts.error),
  xrayTraceId: '-',
});

const handle = async (deps: GatewayDeps | undefined, request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const requestId = randomUUID();
  const receivedAt = new Date();
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const read = await readBody(request);
  const facts: RequestFacts = {};
  const isLocalEndpoint = url.pathname === LOCAL_PREFIX || url.pathname.startsWith(`${LOCAL_PREFIX}/`);
  const webApp = deps?.webApp && isWebAppPath(url.pathname) ? deps.webApp : undefined;
  let result: HttpResponse;
  if (!deps) result = fromGateway(localProblems.starting());
  else if (webApp) {
    const web = await webApp(request.method ?? 'GET', url.pathname, request.headers.host);
    result = { statusCode: web.statusCode, headers: Object.entries(web.headers), body: web.body };
  } else if ('tooLarge' in read) {
    facts.error = 'REQUEST_TOO_LARGE';
    result = fromGateway(gatewayProblem('REQUEST_TOO_LARGE', gatewayResponseCorsHeaders(deps.cors)));
  } else if (isLocalEndpoint) {
    result = fromGateway(await handleLocalEndpoint(deps.local, request.method ?? 'GET', url.pathname, read.body, request.headers['content-type']));
  } else {
    result = await handleApiRequest(deps, request, url, read.body, requestId, receivedAt, facts);
  }
  const headers: [string, string][] = [...result.headers, ['x-amzn-RequestId', requestId], ['x-amz-apigw-id', requestId.slice(0, 16)]];
  response.writeHead(result.statusCode, headers.flat());
  response.end(result.body);
  if (deps && !isLocalEndpoint && !webApp) deps.accessLog.write(accessLogLine(request, url, requestId, receivedAt, result.statusCode, result.body.length, facts));
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
    server.on('upgrade', (request, socket, head) => {
      const live = deps?.socket;
      if (!live?.handles(request)) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      live.upgrade(request, socket, head).catch((error: unknown) => {
        deps?.log.warn(`Socket upgrade error: ${(error as Error).stack ?? String(error)}`);
        socket.destroy();
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
            deps?.socket?.closeAll();
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
