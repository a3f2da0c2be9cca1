/**
 * The jobs' timing for one local run. By default the local runtime runs the dev stage's
 * schedule (every minute, the stage's grace period and deadline), like the stack. Tests and
 * demos shorten it through the environment, as THROTTLE_RATE does for usage plans:
 *
 * - LOCAL_JOBS_EVERY_SECONDS: run every scheduled job this often instead of its rate.
 * - LOCAL_SWEEP_GRACE_SECONDS: the outbox sweeper's grace period.
 * - LOCAL_ORDER_DEADLINE_SECONDS: how long an order may stay PENDING.
 */
import type { StageConfig } from '../../lib/config';
import type { ScheduledJob } from '../../lib/scheduled-jobs';
import { StartupError } from '../startup-error';

export interface ScheduleOverrides {
  /** The stage configuration with this run's grace period and deadline. */
  readonly config: StageConfig;
  /** How often this run runs a job. */
  everyMs(job: ScheduledJob): number;
}

const positiveSeconds = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new StartupError(`${name} must be a positive number of seconds, got "${raw}".`);
  return value;
};

export const scheduleOverridesFromEnv = (config: StageConfig, env: NodeJS.ProcessEnv): ScheduleOverrides => {
  const every = positiveSeconds(env, 'LOCAL_JOBS_EVERY_SECONDS');
  const grace = positiveSeconds(env, 'LOCAL_SWEEP_GRACE_SECONDS');
  const deadline = positiveSeconds(env, 'LOCAL_ORDER_DEADLINE_SECONDS');
  const wholeSeconds = (value: number) => Math.max(1, Math.round(value));
  return {
    config: {
      ...config,
      outboxSweeper: grace === undefined ? config.outboxSweeper : { ...config.outboxSweeper, graceSeconds: wholeSeconds(grace) },
      jobs:
        deadline === undefined
          ? config.jobs
          : { ...config.jobs, 'orders-deadline': { ...config.jobs['orders-deadline'], deadlineSeconds: wholeSeconds(deadline) } },
    },
    everyMs: (job) => (every === undefined ? job.everyMinutes * 60_000 : every * 1000),
  };
};
