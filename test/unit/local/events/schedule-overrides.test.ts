import { describe, expect, it } from 'vitest';
import { app } from '../../../../lib/app';
import { stageConfig } from '../../../../lib/config';
import { scheduledJobs } from '../../../../lib/scheduled-jobs';
import { scheduleOverridesFromEnv } from '../../../../local/events/schedule-overrides';

const dev = stageConfig('dev');

describe('the local schedule overrides', () => {
  it("runs every job, declared or derived, on the dev stage's schedule by default", () => {
    const schedule = scheduleOverridesFromEnv(dev, {});
    const jobs = scheduledJobs(app, schedule.config);
    expect(jobs.map((job) => job.name)).toEqual(expect.arrayContaining(['orders-deadline', 'live-expiry', 'orders-sweeper']));
    for (const job of jobs) expect(schedule.everyMs(job)).toBe(job.everyMinutes * 60_000);
    expect(schedule.config).toEqual(dev);
  });

  it("shortens every job's period, the sweepers' grace and the orders' deadline, and nothing else", () => {
    const schedule = scheduleOverridesFromEnv(dev, { LOCAL_JOBS_EVERY_SECONDS: '2', LOCAL_SWEEP_GRACE_SECONDS: '4', LOCAL_ORDER_DEADLINE_SECONDS: '45' });
    const jobs = scheduledJobs(app, schedule.config);
    for (const job of jobs) expect(schedule.everyMs(job), job.name).toBe(2000);
    expect(schedule.config.outboxSweeper.graceSeconds).toBe(4);
    expect(schedule.config.jobs['orders-deadline']).toEqual({ ...dev.jobs['orders-deadline'], deadlineSeconds: 45 });
    expect(schedule.config.jobs['live-expiry']).toEqual(dev.jobs['live-expiry']);
    expect(jobs.find((job) => job.name === 'orders-deadline')!.identity.settings).toMatchObject({ ORDER_DEADLINE_SECONDS: '45' });
  });
});
