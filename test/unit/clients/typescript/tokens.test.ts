import { describe, expect, it } from 'vitest';
import { cognitoTokenProvider, localTokenProvider } from '../../../../clients/typescript/src/index';
import { fakeFetch, json, problem } from './fake-fetch';

/** An unsigned JWT expiring at `expSeconds` (the providers read `exp`, the API verifies). */
const jwt = (expSeconds: number, sub = 'alice'): string => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part({ sub, exp: expSeconds })}.signature`;
};

describe('localTokenProvider', () => {
  const user = { sub: 'alice', email: 'alice@example.com', groups: ['admin'] };

  it("asks the local runtime's /_local/token for the user's token, without an API key", async () => {
    const { fetch, sent } = fakeFetch(json(200, { token: 'token-1', expiresIn: 3600 }));

    const token = await localTokenProvider({ baseUrl: 'http://127.0.0.1:3000', user, fetch }).getToken();

    expect(token).toBe('token-1');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', body: user });
    expect(sent[0]!.url.href).toBe('http://127.0.0.1:3000/_local/token');
    expect(sent[0]!.headers.has('x-api-key')).toBe(false);
  });

  it('keeps the token until shortly before it expires, then gets a new one', async () => {
    let now = 0;
    const { fetch, sent } = fakeFetch(json(200, { token: 'token-1', expiresIn: 3600 }), json(200, { token: 'token-2', expiresIn: 3600 }));
    const provider = localTokenProvider({ baseUrl: 'http://127.0.0.1:3000', user, fetch, now: () => now, refreshBeforeMs: 60_000 });

    const first = await provider.getToken();
    now = 3_539_000;
    const cached = await provider.getToken();
    now = 3_541_000;
    const renewed = await provider.getToken();

    expect([first, cached, renewed]).toEqual(['token-1', 'token-1', 'token-2']);
    expect(sent).toHaveLength(2);
  });

  it('gets a new token when asked for a fresh one, although the one held looks valid (the server said it expired)', async () => {
    const { fetch, sent } = fakeFetch(json(200, { token: 'token-1', expiresIn: 3600 }), json(200, { token: 'token-2', expiresIn: 3600 }));
    const provider = localTokenProvider({ baseUrl: 'http://127.0.0.1:3000', user, fetch });

    const first = await provider.getToken();
    const fresh = await provider.getToken({ forceRefresh: true });
    const cached = await provider.getToken();

    expect([first, fresh, cached]).toEqual(['token-1', 'token-2', 'token-2']);
    expect(sent).toHaveLength(2);
  });

  it('shares one request among concurrent callers', async () => {
    const { fetch, sent } = fakeFetch(json(200, { token: 'token-1', expiresIn: 3600 }));
    const provider = localTokenProvider({ baseUrl: 'http://127.0.0.1:3000', user, fetch });

    const tokens = await Promise.all([provider.getToken(), provider.getToken(), provider.getToken()]);

    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(sent).toHaveLength(1);
  });

  it('rejects with the status when the runtime refuses, and tries again on the next call', async () => {
    const { fetch } = fakeFetch(problem(400, 'validation'), json(200, { token: 'token-1', expiresIn: 3600 }));
    const provider = localTokenProvider({ baseUrl: 'http://127.0.0.1:3000', user, fetch });

    await expect(provider.getToken()).rejects.toThrow(/answered 400/);
    await expect(provider.getToken()).resolves.toBe('token-1');
  });
});

describe('cognitoTokenProvider', () => {
  const NOW = 1_800_000_000_000;

  it('returns the current ID token while it is fresh', async () => {
    const current = jwt(NOW / 1000 + 3600);
    let refreshes = 0;
    const provider = cognitoTokenProvider({ currentIdToken: () => current, refresh: async () => (refreshes++, 'new'), now: () => NOW });

    await expect(provider.getToken()).resolves.toBe(current);
    expect(refreshes).toBe(0);
  });

  it('refreshes a token that expires within refreshBeforeMs, once for concurrent callers', async () => {
    const expiring = jwt(NOW / 1000 + 30);
    let refreshes = 0;
    const provider = cognitoTokenProvider({ currentIdToken: async () => expiring, refresh: async () => (refreshes++, 'refreshed'), now: () => NOW, refreshBeforeMs: 60_000 });

    const tokens = await Promise.all([provider.getToken(), provider.getToken()]);

    expect(tokens).toEqual(['refreshed', 'refreshed']);
    expect(refreshes).toBe(1);
  });

  it('refreshes a fresh-looking token when asked for a fresh one', async () => {
    const provider = cognitoTokenProvider({ currentIdToken: () => jwt(NOW / 1000 + 3600), refresh: async () => 'refreshed', now: () => NOW });

    await expect(provider.getToken({ forceRefresh: true })).resolves.toBe('refreshed');
  });

  it('refreshes a token whose expiry cannot be read', async () => {
    const provider = cognitoTokenProvider({ currentIdToken: () => 'not-a-jwt', refresh: async () => 'refreshed', now: () => NOW });

    await expect(provider.getToken()).resolves.toBe('refreshed');
  });

  it('returns no token when signed out', async () => {
    const provider = cognitoTokenProvider({ currentIdToken: () => undefined, refresh: async () => 'refreshed', now: () => NOW });

    await expect(provider.getToken()).resolves.toBeUndefined();
  });
});
