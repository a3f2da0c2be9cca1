import { describe, expect, it, vi } from 'vitest';
import { AuthorizerCache, AUTHORIZER_CACHE_TTL_SECONDS } from '../../../local/auth/authorizer-cache';
import { loadSigningKey } from '../../../local/auth/signing-key';
import { issueIdToken, verifyIdToken, type Verification } from '../../../local/auth/tokens';

const T0 = Date.UTC(2026, 10, 25, 12);

const accepting = (exp: number) => vi.fn(async (): Promise<Verification> => ({ ok: true, claims: { sub: 'ada', exp } }));

describe('the local authorizer cache', () => {
  it('verifies a token once, then answers from the cache until the authorizer TTL has passed', async () => {
    let now = T0;
    const verify = accepting(T0 / 1000 + 3600);
    const cache = new AuthorizerCache(await loadSigningKey(undefined), () => now, verify);

    expect(await cache.verify('Bearer t')).toMatchObject({ ok: true, claims: { sub: 'ada' } });
    now += (AUTHORIZER_CACHE_TTL_SECONDS - 1) * 1000;
    expect((await cache.verify('Bearer t')).ok).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);

    now += 2000;
    await cache.verify('Bearer t');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('never answers from the cache past the token\'s own expiry', async () => {
    let now = T0;
    const verify = accepting(T0 / 1000 + 60);
    const cache = new AuthorizerCache(await loadSigningKey(undefined), () => now, verify);
    await cache.verify('Bearer t');
    now += 61_000;
    await cache.verify('Bearer t');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('never caches a refusal', async () => {
    const verify = vi.fn(async (): Promise<Verification> => ({ ok: false, reason: 'The token is invalid.' }));
    const cache = new AuthorizerCache(await loadSigningKey(undefined), () => T0, verify);
    expect((await cache.verify('Bearer bad')).ok).toBe(false);
    expect((await cache.verify('Bearer bad')).ok).toBe(false);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('verifies with the signing key by default, as the gateway uses it', async () => {
    const key = await loadSigningKey(undefined);
    const cache = new AuthorizerCache(key);
    const token = `Bearer ${await issueIdToken(key, { sub: 'ada' })}`;
    expect(await cache.verify(token)).toEqual(await verifyIdToken(key, token));
    expect((await new AuthorizerCache(await loadSigningKey(undefined)).verify(token)).ok).toBe(false);
  });
});
