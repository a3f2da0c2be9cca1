/**
 * The web app (clients/web) at /app/ on the local gateway's port: the built files from
 * clients/web/dist, and a config.json written for this runtime (local sign-in, the web app's
 * key, the API on the origin the page was loaded from), with the headers CloudFront sends.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { WebAppConfig } from '../../clients/web/src/web-config';
import { contentSecurityPolicy, WEB_CACHE_CONTROL, WEB_SECURITY_HEADERS } from '../../lib/web-security-headers';
import { problem, type GatewayResponse } from '../gateway/problems';

const WEB_APP_PREFIX = '/app';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Only a loopback Host names this gateway; anything else (a rebinding attempt) gets the runtime's own URL. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/;

export interface WebAppServerOptions {
  /** The built app (clients/web/dist). */
  readonly distDir: string;
  /** The runtime's own URL, for a request whose Host is not a loopback address. */
  readonly runtimeUrl: string;
  /** The web client app's API key. */
  readonly apiKey: string;
}

interface WebResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const fromProblem = (response: GatewayResponse): WebResponse => ({ ...response, body: Buffer.from(response.body, 'utf8') });

export const isWebAppPath = (pathname: string): boolean => pathname === WEB_APP_PREFIX || pathname.startsWith(`${WEB_APP_PREFIX}/`);

export const createWebAppServer = (options: WebAppServerOptions) => {
  const headers = (contentType: string, cacheControl: string): Record<string, string> => ({
    'content-type': contentType,
    'cache-control': cacheControl,
    // Same origin locally: the API and /_local/token are 'self'.
    'content-security-policy': contentSecurityPolicy({ connect: [] }),
    ...WEB_SECURITY_HEADERS,
  });

  const config = (host: string | undefined): WebAppConfig => {
    const apiUrl = host && LOOPBACK_HOST.test(host) ? `http://${host}` : options.runtimeUrl;
    // Live events on the same port (/v1/live): 'self' in connect-src covers ws: to it.
    return { apiUrl, apiKey: options.apiKey, liveUrl: `${apiUrl.replace(/^http/, 'ws')}/v1/live`, signIn: { mode: 'local' } };
  };

  /** The response for a GET or HEAD under /app, or a problem. */
  return async (method: string, pathname: string, host: string | undefined): Promise<WebResponse> => {
    if (method !== 'GET' && method !== 'HEAD') return fromProblem(problem('method-not-allowed', `${pathname} accepts GET, HEAD.`, { allow: 'GET, HEAD' }));
    if (pathname === WEB_APP_PREFIX) return { statusCode: 301, headers: { location: `${WEB_APP_PREFIX}/` }, body: Buffer.alloc(0) };
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(WEB_APP_PREFIX.length + 1)) || 'index.html';
    } catch {
      return fromProblem(problem('not-found', `No file ${pathname} in the web app.`));
    }
    if (relative === 'config.json') {
      return { statusCode: 200, headers: headers(CONTENT_TYPES['.json']!, WEB_CACHE_CONTROL.revalidate), body: Buffer.from(JSON.stringify(config(host))) };
    }
    const file = path.resolve(options.distDir, relative);
    if (!file.startsWith(`${options.distDir}${path.sep}`)) return fromProblem(problem('not-found', `No file ${pathname} in the web app.`));
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
      if (relative === 'index.html') return fromProblem(problem('starting', 'The web app is not built yet: npm start builds it (clients/web/dist).', { 'retry-after': '2' }));
      return fromProblem(problem('not-found', `No file ${pathname} in the web app.`));
    }
    const hashed = relative.startsWith('assets/');
    return {
      statusCode: 200,
      headers: headers(CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', hashed ? WEB_CACHE_CONTROL.immutable : WEB_CACHE_CONTROL.revalidate),
      body: method === 'HEAD' ? Buffer.alloc(0) : body,
    };
  };
};

export type WebAppServer = ReturnType<typeof createWebAppServer>;
