import { describe, expect, it } from 'vitest';
import { app } from '../../../lib/app';
import { localApiKey, throttleOverrideFromEnv, UsagePlans } from '../../../local/gateway/usage-plans';

const plan = { description: 'test', usagePlan: { rateLimit: 1, burstLimit: 2, quotaPerDay: 3 } };

describe('local usage plans', () => {
  it('gives every declared client app a local-<app>-key', () => {
    const plans = new UsagePlans(app.clientApps ?? {});
    expect(plans.keys()).toEqual({ web: 'local-web-key', mobile: 'local-mobile-key', desktop: 'local-desktop-key', tv: 'local-tv-key' });
  });

  it('refuses a missing or unknown key as INVALID_API_KEY', () => {
    const plans = new UsagePlans({ web: plan });
    expect(plans.check(undefined)).toEqual({ ok: false, refusal: 'INVALID_API_KEY' });
    expect(plans.check('local-tv-key')).toEqual({ ok: false, refusal: 'INVALID_API_KEY' });
    expect(plans.check(localApiKey('web'))).toMatchObject({ ok: true, app: 'web', apiKeyId: 'local-web' });
  });

  it('throttles past the burst and lets requests through again as the bucket refills', () => {
    let now = 1_000_000;
    const plans = new UsagePlans({ web: { ...plan, usagePlan: { ...plan.usagePlan, quotaPerDay: 100 } } }, {}, () => now);
    expect(plans.check('local-web-key').ok).toBe(true);
    expect(plans.check('local-web-key').ok).toBe(true);
    expect(plans.check('local-web-key')).toMatchObject({ ok: false, refusal: 'THROTTLED', app: 'web' });
    now += 1000;
    expect(plans.check('local-web-key').ok).toBe(true);
  });

  it('refuses past the daily quota until the next UTC day', () => {
    let now = Date.parse('2026-11-25T23:00:00Z');
    const plans = new UsagePlans({ web: { ...plan, usagePlan: { rateLimit: 1000, burstLimit: 1000, quotaPerDay: 3 } } }, {}, () => now);
    for (let i = 0; i < 3; i += 1) expect(plans.check('local-web-key').ok).toBe(true);
    expect(plans.check('local-web-key')).toMatchObject({ ok: false, refusal: 'QUOTA_EXCEEDED' });
    now = Date.parse('2026-11-26T00:00:01Z');
    expect(plans.check('local-web-key').ok).toBe(true);
  });

  it('keeps one bucket per key: one app over its limit does not throttle another', () => {
    const now = 5_000;
    const plans = new UsagePlans({ web: plan, tv: plan }, { rateLimit: 0, burstLimit: 1 }, () => now);
    expect(plans.check('local-web-key').ok).toBe(true);
    expect(plans.check('local-web-key')).toMatchObject({ refusal: 'THROTTLED' });
    expect(plans.check('local-tv-key').ok).toBe(true);
  });

  it('reads THROTTLE_RATE and THROTTLE_BURST, and refuses values that are not limits', () => {
    expect(throttleOverrideFromEnv({ THROTTLE_RATE: '2', THROTTLE_BURST: '5' })).toEqual({ rateLimit: 2, burstLimit: 5 });
    expect(throttleOverrideFromEnv({})).toEqual({ rateLimit: undefined, burstLimit: undefined });
    expect(() => throttleOverrideFromEnv({ THROTTLE_RATE: 'fast' })).toThrow(/THROTTLE_RATE must be a number/);
    expect(() => throttleOverrideFromEnv({ THROTTLE_BURST: '0' })).toThrow(/THROTTLE_BURST must be a number of at least 1/);
  });
});
