/**
 * The client apps' API keys and usage plans, as API Gateway enforces them: a missing or unknown
 * `x-api-key` is refused (403), each key has its own token bucket (rate and burst: 429 with
 * Retry-After past it) and a daily quota that restarts at midnight UTC (429 past it).
 * Locally each app's key is `local-<app>-key`, so a developer can type it.
 */
import type { ClientAppDeclaration, ClientAppName } from '../../lib/declaration';
import { StartupError } from '../startup-error';
import { TokenBucket } from './throttle';

export const localApiKey = (app: string): string => `local-${app}-key`;

export interface ThrottleOverride {
  readonly rateLimit?: number;
  readonly burstLimit?: number;
}

/**
 * THROTTLE_RATE and THROTTLE_BURST, which override every plan's limits for one run; with another
 * prefix (ROUTE_THROTTLE), the same pair for another throttle.
 */
export const throttleOverrideFromEnv = (env: NodeJS.ProcessEnv, prefix = 'THROTTLE'): ThrottleOverride => {
  const read = (name: string, min: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new StartupError(`${name} must be a number of at least ${min}, got "${raw}".`);
    return value;
  };
  return { rateLimit: read(`${prefix}_RATE`, 0), burstLimit: read(`${prefix}_BURST`, 1) };
};

export type KeyCheck =
  | { readonly ok: true; readonly app: string; readonly apiKeyId: string }
  | { readonly ok: false; readonly refusal: 'INVALID_API_KEY' | 'THROTTLED' | 'QUOTA_EXCEEDED'; readonly app?: string; readonly apiKeyId?: string };

interface Plan {
  readonly app: string;
  readonly bucket: TokenBucket;
  readonly quotaPerDay: number;
  usedToday: number;
  day: string;
}

const utcDay = (now: number): string => new Date(now).toISOString().slice(0, 10);

export class UsagePlans {
  private readonly byKey = new Map<string, Plan>();

  constructor(
    apps: Readonly<Partial<Record<ClientAppName, ClientAppDeclaration>>>,
    override: ThrottleOverride = {},
    private readonly now: () => number = Date.now,
  ) {
    for (const [app, declaration] of Object.entries(apps) as [string, ClientAppDeclaration][]) {
      const { usagePlan } = declaration;
      this.byKey.set(localApiKey(app), {
        app,
        bucket: new TokenBucket(override.rateLimit ?? usagePlan.rateLimit, override.burstLimit ?? usagePlan.burstLimit, now),
        quotaPerDay: usagePlan.quotaPerDay,
        usedToday: 0,
        day: utcDay(now()),
      });
    }
  }

  /** The keys, by app, for the start-up banner. */
  keys(): Record<string, string> {
    return Object.fromEntries([...this.byKey].map(([key, plan]) => [plan.app, key]));
  }

  /** Checks a request's key against its plan and counts it, as API Gateway does before the integration. */
  check(apiKey: string | undefined): KeyCheck {
    const plan = apiKey === undefined ? undefined : this.byKey.get(apiKey);
    if (!plan) return { ok: false, refusal: 'INVALID_API_KEY' };
    const identity = { app: plan.app, apiKeyId: `local-${plan.app}` };
    const today = utcDay(this.now());
    if (plan.day !== today) {
      plan.day = today;
      plan.usedToday = 0;
    }
    if (plan.usedToday >= plan.quotaPerDay) return { ok: false, refusal: 'QUOTA_EXCEEDED', ...identity };
    if (!plan.bucket.take()) return { ok: false, refusal: 'THROTTLED', ...identity };
    plan.usedToday += 1;
    return { ok: true, ...identity };
  }
}
