/**
 * The functions that run on a schedule rather than on a request or a message: an outbox sweeper
 * per table with an outbox, and the jobs the services declare (`jobs` in their contracts). Derived
 * from the declaration and the stage configuration, so the stack (an EventBridge rule per job) and
 * the local runtime (a timer per job) run the same functions, with the same environment, at the
 * same rate.
 */
import { MAX_PER_RUN_ENV, SWEEP_GRACE_SECONDS_ENV } from '../lambdas/shared/env';
import type { StageConfig } from './config';
import { outboxOwners, type ApplicationDeclaration, type JobDeclaration, type JobSchedule, type OutboxOwner, type ServiceName } from './declaration';
import type { FunctionIdentity } from './environment';

export interface ScheduledJob {
  /** kebab-case: the log service name, and the base of the function's name. */
  readonly name: string;
  /** The service it belongs to (its alarms are that service's). */
  readonly service: ServiceName;
  readonly handler: string;
  readonly description: string;
  readonly identity: FunctionIdentity;
  readonly everyMinutes: number;
  readonly timeoutSeconds: number;
  readonly memoryMb?: number;
}

/** The handler every table's sweeper runs: it publishes through the relay's own code. */
const SWEEPER_HANDLER = 'lambdas/relay/handlers/sweep.ts';
const SWEEPER_TIMEOUT_SECONDS = 60;

/**
 * A table's outbox sweeper: it reads the awaiting index (Query), publishes to the topic and marks
 * what SNS accepted (UpdateItem), exactly as the relay does.
 */
const sweeperIdentity = (service: OutboxOwner, config: StageConfig): FunctionIdentity => ({
  service,
  logService: `${service}-sweeper`,
  access: { [service]: ['Query', 'UpdateItem'] },
  publishesToTopic: true,
  outboxTable: service,
  settings: {
    [SWEEP_GRACE_SECONDS_ENV]: String(config.outboxSweeper.graceSeconds),
    [MAX_PER_RUN_ENV]: String(config.outboxSweeper.maxPerRun),
  },
});

/**
 * A declared job's schedule and settings from the stage configuration. The configuration's type
 * already requires them; this refuses what a cast or a plain-JavaScript caller could still slip
 * past it, at synth and when the local runtime starts, never in a deployed function.
 */
const scheduleOf = (job: JobDeclaration, config: StageConfig): { everyMinutes: number; settings: Record<string, string> } => {
  const entries: Readonly<Record<string, JobSchedule | undefined>> = config.jobs;
  const entry = entries[job.name] as (JobSchedule & Readonly<Record<string, unknown>>) | undefined;
  if (!entry) throw new Error(`Job ${job.name} of ${job.service} has no entry in StageConfig.jobs of stage ${config.stage} (lib/config.ts)`);
  if (!Number.isInteger(entry.everyMinutes) || entry.everyMinutes < 1) {
    throw new Error(`Job ${job.name}: StageConfig.jobs['${job.name}'].everyMinutes must be a whole number of minutes, at least 1, in stage ${config.stage}`);
  }
  const settings = Object.entries(job.settings).map(([setting, variable]) => {
    const value = entry[setting];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`Job ${job.name} of ${job.service} needs StageConfig.jobs['${job.name}'].${setting} (a number) in stage ${config.stage}`);
    }
    return [variable, String(value)] as const;
  });
  return { everyMinutes: entry.everyMinutes, settings: Object.fromEntries(settings) };
};

const declaredJob = (job: JobDeclaration, config: StageConfig): ScheduledJob => {
  const { everyMinutes, settings } = scheduleOf(job, config);
  return {
    name: job.name,
    service: job.service,
    handler: job.handler,
    description: job.description,
    identity: {
      service: job.service,
      logService: job.name,
      access: job.access,
      settings,
      ...(job.postsToSocket ? { postsToSocket: true } : {}),
    },
    everyMinutes,
    timeoutSeconds: job.timeoutSeconds,
    ...(job.memoryMb === undefined ? {} : { memoryMb: job.memoryMb }),
  };
};

export const scheduledJobs = (declaration: Pick<ApplicationDeclaration, 'tables' | 'jobs'>, config: StageConfig): ScheduledJob[] => {
  const sweepers = outboxOwners(declaration).map(
    (service): ScheduledJob => ({
      name: `${service}-sweeper`,
      service,
      handler: SWEEPER_HANDLER,
      description: `Publishes the ${service} table's outbox items the relay has not marked published`,
      identity: sweeperIdentity(service, config),
      everyMinutes: config.outboxSweeper.everyMinutes,
      timeoutSeconds: SWEEPER_TIMEOUT_SECONDS,
    }),
  );
  return [...sweepers, ...declaration.jobs.map((job) => declaredJob(job, config))];
};
