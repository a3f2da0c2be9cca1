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
  readonly memoryMb: number;
  readonly tracing: boolean;
}

export const stages: Record<StageName, StageConfig> = {
  dev: {
    stage: 'dev',
    retainData: false,
    logRetentionDays: 7,
    logLevel: 'DEBUG',
    throttle: { rateLimit: 50, burstLimit: 100 },
    memoryMb: 512,
    tracing: false,
  },
  prod: {
    stage: 'prod',
    retainData: true,
    logRetentionDays: 90,
    logLevel: 'INFO',
    throttle: { rateLimit: 500, burstLimit: 1000 },
    memoryMb: 512,
    tracing: true,
  },
};

export const stageConfig = (stage: string | undefined): StageConfig => {
  const name = stage ?? 'dev';
  if (name !== 'dev' && name !== 'prod') throw new Error(`Unknown stage "${name}": use -c stage=dev or -c stage=prod`);
  return stages[name];
};
