/**
 * Per-stage configuration: the only place where `dev` and `prod` differ. Plain data, read by the
 * stacks and by the local runtime (which runs as `dev`).
 */
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
  },
};

export const stageConfig = (stage: string | undefined): StageConfig => {
  const name = stage ?? 'dev';
  if (name !== 'dev' && name !== 'prod') throw new Error(`Unknown stage "${name}": use -c stage=dev or -c stage=prod`);
  return stages[name];
};
