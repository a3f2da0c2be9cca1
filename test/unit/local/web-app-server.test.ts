import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAppServer } from '../../../local/web/web-app-server';

describe('the local web app server', () => {
  let root: string;
  let serve: ReturnType<typeof createWebAppServer>;
  const options = (distDir: string) => ({ distDir, runtimeUrl: 'http://127.0.0.1:3000', apiKey: 'local-web-key' });

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'web-app-'));
    mkdirSync(path.join(root, 'dist/assets'), { recursive: true });
    writeFileSync(path.join(root, 'dist/index.html'), '<!doctype html><title>Shop</title>');
    writeFileSync(path.join(root, 'dist/assets/index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'secret.txt'), 'not for the browser');
    serve = createWebAppServer(options(path.join(root, 'dist')));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves index.html at /app/ with the security headers and no caching', async () => {
    const response = await serve('GET', '/app/', '127.0.0.1:3000');
    expect(response.statusCode).toBe(200);
    expect(response.body.toString()).toContain('<title>Shop</title>');
    expect(response.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('serves hashed assets as immutable, with their content type', async () => {
    const response = await serve('GET', '/app/assets/index-abc123.js', '127.0.0.1:3000');
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' });
  });

  it('answers config.json for the origin the page was loaded from, with local sign-in, the web key and live events on the same port', async () => {
    const response = await serve('GET', '/app/config.json', 'localhost:3000');
    expect(JSON.parse(response.body.toString())).toEqual({
      apiUrl: 'http://localhost:3000',
      apiKey: 'local-web-key',
      liveUrl: 'ws://localhost:3000/v1/live',
      signIn: { mode: 'local' },
    });
  });

  it('points config.json at the runtime itself when the Host is not a loopback name', async () => {
    const response = await serve('GET', '/app/config.json', 'evil.example:3000');
    expect(JSON.parse(response.body.toString())).toMatchObject({ apiUrl: 'http://127.0.0.1:3000', liveUrl: 'ws://127.0.0.1:3000/v1/live' });
  });

  it('redirects /app to /app/', async () => {
    const response = await serve('GET', '/app', '127.0.0.1:3000');
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/app/');
  });

  it.each([['/app/../secret.txt'], ['/app/%2e%2e/secret.txt'], ['/app/assets/missing.js'], ['/app/%E0%A4%A']])('answers 404 for %s and never a file outside the build', async (pathname) => {
    const response = await serve('GET', pathname, '127.0.0.1:3000');
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body.toString())).toMatchObject({ type: '/problems/not-found' });
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await serve('POST', '/app/', '127.0.0.1:3000');
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('answers 503 with Retry-After while the app has not been built', async () => {
    const response = await createWebAppServer(options(path.join(root, 'no-build-yet')))('GET', '/app/', '127.0.0.1:3000');
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(JSON.parse(response.body.toString())).toMatchObject({ type: '/problems/starting' });
  });
});
