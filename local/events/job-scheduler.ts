/**
 * What EventBridge does for the scheduled jobs: runs each job's function at its rate, with an
 * event shaped like a scheduled rule's. As in the stack, a run is never retried (the next run
 * redoes its work) and, locally, never overlaps the previous run of the same job.
 */
import { randomUUID } from 'node:crypto';
import type { FunctionPool } from '../functions/function-pool';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../names';

export interface ScheduledRun {
  readonly name: string;
  readonly pool: FunctionPool;
  readonly everyMs: number;
}

interface JobLog {
  warn(message: string): void;
}

/** The event an EventBridge rule with a rate schedule sends its target. */
const scheduledEvent = (name: string) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: LOCAL_ACCOUNT_ID,
  time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: LOCAL_REGION,
  resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${name}`],
  detail: {},
});

export class JobScheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly jobs: readonly ScheduledRun[],
    private readonly log: JobLog,
  ) {}

  /**
   * Starts every job's timer; the first run comes about one period after the start, as with a new
   * rule. Jobs are spread across the period so that their cold starts (each loads its handler in a
   * fresh worker) do not all land on the same second of a busy machine.
   */
  start(): void {
    this.jobs.forEach((job, index) => {
      const offset = Math.round((job.everyMs * index) / this.jobs.length);
      const first = setTimeout(() => {
        void this.run(job);
        this.timers.push(setInterval(() => void this.run(job), job.everyMs));
      }, job.everyMs + offset);
      this.timers.push(first);
    });
  }

  /** Runs a job now, unless its previous run is still going. */
  run(job: ScheduledRun): Promise<void> {
    const current = this.running.get(job.name);
    if (current || this.stopped) return current ?? Promise.resolve();
    const run = (async () => {
      const result = await job.pool.invoke(scheduledEvent(job.name));
      if (!result.ok) this.log.warn(`${job.name}: ${result.error.errorType}: ${result.error.errorMessage}; the next run will try again`);
    })().finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }

  /** Stops the timers and waits for runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all(this.running.values());
  }
}
