/**
 * Per-stage configuration: the only place where `dev` and `prod` differ. Plain data, read by the
 * stacks and by the local runtime (which runs as `dev`).
 */
import type { JobSchedules } from './declaration';

export type StageName = 'dev' | 'prod';

export interface StageConfig {
  readonly stage: StageName;
  /** prod keeps tables (RETAIN + deletion protection); dev destroys them with the stack. */
  readonly retainData: boolean;
  readonly logRetentionDays: 7 | 14 | 30 | 90 | 180 | 365;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Stage-wide API Gateway throttling (requests per second and burst). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Memory of every function that declares none. */
  readonly memoryMb: number;
  /**
   * Timeout of every API route that declares none: a caller is waiting, so it is short (the
   * stack and the local runtime both use it, so a slow handler times out the same way on both).
   */
  readonly routeTimeoutSeconds: number;
  readonly tracing: boolean;
  /**
   * Browser origins allowed to call the API (CORS, with `cors` in lib/app.ts); never `*`.
   * Empty: no preflight is answered, so browsers on other origins cannot call the API.
   */
  readonly corsAllowOrigins: readonly string[];
  /**
   * AWS WAF in front of the stage: AWS managed common and known-bad-input rules, and a rate-based
   * rule per client IP. Overridden for one synth with `-c waf=true|false`.
   */
  readonly waf: { readonly enabled: boolean; readonly requestsPerIpPer5Minutes: number };
  /** Where alarms go and when they fire (lib/constructs/monitoring.ts). */
  readonly alarms: AlarmConfig;
  /**
   * The outbox sweeper of every table: every `everyMinutes` it publishes, oldest first and at most
   * `maxPerRun`, the outbox items still unmarked `graceSeconds` after they were written (the relay
   * marks each event SNS accepted; one it never marked was lost on its way or is still retried).
   */
  readonly outboxSweeper: { readonly everyMinutes: number; readonly graceSeconds: number; readonly maxPerRun: number };
  /**
   * Each job the services declare (`jobs` in their contracts), by name: every how many minutes it
   * runs and the value of each setting it declares. The type requires an entry, and every setting,
   * for every declared job: one declared without them does not compile.
   */
  readonly jobs: JobSchedules;
  /**
   * How the API stack reads the stateful stack's tables, topic, queues and user pool. `weak`
   * (`Fn::GetStackOutput`): the stateful stack exports nothing, so removing or replacing one of
   * them never fails its update. `both` keeps the old exports for one deploy as well: for a
   * stage first deployed with CloudFormation exports (`-c crossStackReferences=both`, once).
   */
  readonly crossStackReferences: 'weak' | 'both';
  /** The user pool's plan and e-mail sender (lib/constructs/user-pool.ts). */
  readonly cognito: CognitoConfig;
  /**
   * The WebSocket API (the live service): connections one user may hold open (each app and tab
   * holds one), what one user may exchange in a minute (messages their apps send, events pushed
   * to them), and the stage's throttle on what all clients send (connects and messages together).
   */
  readonly socket: {
    readonly maxConnectionsPerUser: number;
    readonly maxClientMessagesPerUserPerMinute: number;
    readonly maxPushesPerUserPerMinute: number;
    readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  };
}

interface CognitoConfig {
  /** `plus` (threat protection, billed per monthly active user) where there are real users. */
  readonly featurePlan: 'essentials' | 'plus';
  /**
   * A verified SES identity for Cognito's e-mails. Without one, a stage with real users warns at
   * synth: Cognito's default sender has a small daily quota.
   * @default - Cognito's default sender
   */
  readonly email?: {
    readonly fromEmail: string;
    readonly fromName?: string;
    readonly replyTo?: string;
    readonly sesRegion: string;
    readonly sesVerifiedDomain?: string;
  };
  /** Whether a missing `email` is worth a warning. */
  readonly realUsers: boolean;
}

/**
 * Alarm thresholds. Failure paths (a message in a dead-letter or on-failure queue, a function
 * error, a throttle, a relay falling behind) alarm on the first breaching period; the noisy
 * API signals (5xx rate, p99 latency) only when they last `sustainedPeriods` periods.
 */
export interface AlarmConfig {
  /**
   * Subscribed to the alarm topic by e-mail (AWS asks the address to confirm).
   * @default - no subscription: subscribe a pager or chat integration to the topic
   */
  readonly email?: string;
  /**
   * A deployment must name who receives the alarms (when `email` is not set): the stack gets a
   * required `AlarmSubscriberEndpoint` parameter, so `cdk deploy` fails without one while
   * `cdk synth` and the tests need none.
   */
  readonly requireSubscriber: boolean;
  /** Length of one evaluation period. */
  readonly periodMinutes: 1 | 5 | 15;
  /** Consecutive breaching periods before the API's 5xx rate or latency alarm fires. */
  readonly sustainedPeriods: number;
  /** Percentage of API requests answered with a 5xx. */
  readonly api5xxPercent: number;
  /** p99 of API Gateway's latency (integration included), in milliseconds. */
  readonly apiP99LatencyMs: number;
  /** Errors (failed invocations) of one relay or consumer function in one period. */
  readonly functionErrors: number;
  /** Age of the oldest stream record a relay has not published yet, in seconds. */
  readonly iteratorAgeSeconds: number;
  /** Throttled invocations of one service's functions in one period. */
  readonly throttles: number;
}

export const stages: Record<StageName, StageConfig> = {
  dev: {
    stage: 'dev',
    retainData: false,
    logRetentionDays: 7,
    logLevel: 'DEBUG',
    throttle: { rateLimit: 50, burstLimit: 100 },
    memoryMb: 512,
    routeTimeoutSeconds: 10,
    tracing: false,
    // The web app's development server.
    corsAllowOrigins: ['http://localhost:5173'],
    // A web ACL costs a monthly fee per stage; dev is protected by throttling and the authorizer.
    waf: { enabled: false, requestsPerIpPer5Minutes: 2000 },
    // Nobody is paged for dev: the alarms exist so that they are tested before prod has them.
    alarms: {
      requireSubscriber: false,
      periodMinutes: 5,
      sustainedPeriods: 1,
      api5xxPercent: 5,
      apiP99LatencyMs: 3000,
      functionErrors: 1,
      iteratorAgeSeconds: 300,
      throttles: 1,
    },
    crossStackReferences: 'weak',
    cognito: { featurePlan: 'essentials', realUsers: false },
    // A client pings every 30 s per connection: 60 messages a minute is ten times what five apps need.
    // Each order is two pushes (its outcome, its notification).
    socket: { maxConnectionsPerUser: 5, maxClientMessagesPerUserPerMinute: 60, maxPushesPerUserPerMinute: 120, throttle: { rateLimit: 20, burstLimit: 40 } },
    // Longer than a relay's stream retries take to publish or park a record (minutes), so the
    // sweeper rarely republishes what the relay is about to publish anyway.
    outboxSweeper: { everyMinutes: 1, graceSeconds: 300, maxPerRun: 200 },
    jobs: {
      // Orders still PENDING `deadlineSeconds` after they were placed are rejected (reason `timeout`).
      'orders-deadline': { everyMinutes: 1, deadlineSeconds: 600, maxPerRun: 100 },
      // Every minute: in AWS this is what closes a connection whose token has expired.
      'live-expiry': { everyMinutes: 1, maxPerRun: 500 },
    },
  },
  prod: {
    stage: 'prod',
    retainData: true,
    logRetentionDays: 90,
    logLevel: 'INFO',
    throttle: { rateLimit: 500, burstLimit: 1000 },
    memoryMb: 512,
    routeTimeoutSeconds: 10,
    tracing: true,
    // The web app's production origin, once it has one (e.g. 'https://app.example.com').
    corsAllowOrigins: [],
    waf: { enabled: true, requestsPerIpPer5Minutes: 2000 },
    alarms: {
      // The operations team's address, once there is one (e.g. 'ops@example.com').
      email: undefined,
      requireSubscriber: true,
      periodMinutes: 1,
      sustainedPeriods: 5,
      api5xxPercent: 1,
      apiP99LatencyMs: 1500,
      functionErrors: 1,
      // The relays poll four times a second: a minute behind means they are failing or throttled.
      iteratorAgeSeconds: 60,
      throttles: 1,
    },
    crossStackReferences: 'weak',
    // The shop's verified SES sender, once it has one, e.g.
    // email: { fromEmail: 'no-reply@example.com', fromName: 'Shop', sesRegion: 'eu-west-1', sesVerifiedDomain: 'example.com' }
    cognito: { featurePlan: 'plus', realUsers: true },
    socket: { maxConnectionsPerUser: 10, maxClientMessagesPerUserPerMinute: 120, maxPushesPerUserPerMinute: 300, throttle: { rateLimit: 200, burstLimit: 400 } },
    outboxSweeper: { everyMinutes: 1, graceSeconds: 300, maxPerRun: 500 },
    jobs: {
      'orders-deadline': { everyMinutes: 1, deadlineSeconds: 600, maxPerRun: 200 },
      'live-expiry': { everyMinutes: 1, maxPerRun: 1000 },
    },
  },
};

/** Overrides from the CDK context (`-c waf=false`), strings as the CLI passes them. */
export interface ContextOverrides {
  readonly waf?: unknown;
  readonly crossStackReferences?: unknown;
}

const booleanContext = (name: string, value: unknown): boolean | undefined => {
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`-c ${name} must be true or false, got "${String(value)}"`);
};

export const stageConfig = (stage: string | undefined, overrides: ContextOverrides = {}): StageConfig => {
  const name = stage ?? 'dev';
  if (name !== 'dev' && name !== 'prod') throw new Error(`Unknown stage "${name}": use -c stage=dev or -c stage=prod`);
  const config = stages[name];
  const waf = booleanContext('waf', overrides.waf);
  const references = referencesContext(overrides.crossStackReferences);
  return {
    ...config,
    ...(waf === undefined ? {} : { waf: { ...config.waf, enabled: waf } }),
    ...(references === undefined ? {} : { crossStackReferences: references }),
  };
};

const referencesContext = (value: unknown): StageConfig['crossStackReferences'] | undefined => {
  if (value === undefined || value === 'weak' || value === 'both') return value;
  throw new Error(`-c crossStackReferences must be weak or both, got "${String(value)}"`);
};
