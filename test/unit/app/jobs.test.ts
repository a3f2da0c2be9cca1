import { describe, expect, it } from 'vitest';
import { defineService, job, type ServiceContract } from '../../../lambdas/shared/contract';
import { MAX_PER_RUN_ENV } from '../../../lambdas/shared/env';
import { app, services } from '../../../lib/app';
import { composeApp, type AppSettings } from '../../../lib/compose';
import { stages, type StageConfig } from '../../../lib/config';
import type { JobSchedulesOf } from '../../../lib/declaration';
import { scheduledJobs } from '../../../lib/scheduled-jobs';

const settings: AppSettings = { name: app.name, relay: app.relay };
const tick = job({ handler: 'j.ts', description: 'd', access: { probes: ['Query'] }, timeoutSeconds: 10, settings: { maxPerRun: MAX_PER_RUN_ENV } });
const probes = (overrides: Partial<ServiceContract> = {}): ServiceContract =>
  defineService({ name: 'probes', table: { gsi1: false }, events: [], routes: {}, consumers: {}, jobs: { 'probes-tick': tick }, ...overrides });
const typedProbes = defineService({ name: 'probes', table: { gsi1: false }, events: [], routes: {}, consumers: {}, jobs: { 'probes-tick': tick } });

describe('scheduled jobs declared by their services', () => {
  it('composes every declared job with its name and service', () => {
    const composed = composeApp([...services, probes()], settings);
    expect(composed.jobs.find((declared) => declared.name === 'probes-tick')).toMatchObject({ service: 'probes', handler: 'j.ts', settings: { maxPerRun: 'MAX_PER_RUN' } });
    expect(app.jobs.map((declared) => [declared.name, declared.service])).toContainEqual(['orders-deadline', 'orders']);
  });

  it('refuses two jobs of one name, in one service or two', () => {
    const twice = defineService({ name: 'others', table: { gsi1: false }, events: [], routes: {}, consumers: {}, jobs: { 'probes-tick': tick } });
    expect(() => composeApp([...services, probes(), twice], settings)).toThrow(/Job names must be unique: probes-tick/);
  });

  it('refuses a job granted a table that no service owns', () => {
    const miswired = probes({ jobs: { 'probes-tick': { ...tick, access: { review: ['Query'] } } } });
    expect(() => composeApp([...services, miswired], settings)).toThrow(/Job probes-tick of probes declares access to the review table, but no service owns/);
  });

  it('refuses a job name that is not kebab-case, or that an outbox sweeper would take', () => {
    expect(() => composeApp([...services, probes({ jobs: { probesTick: tick } })], settings)).toThrow(/Job probesTick of probes must be named in kebab-case/);
    expect(() => composeApp([...services, probes({ jobs: { 'probes-sweeper': tick } })], settings)).toThrow(/-sweeper belong to the outbox sweepers/);
  });

  it('refuses a job that posts to a socket its service does not declare', () => {
    const miswired = probes({ jobs: { 'probes-tick': { ...tick, postsToSocket: true } } });
    expect(() => composeApp([...services, miswired], settings)).toThrow(/Job probes-tick of probes posts to its service's socket, but probes declares none/);
  });

  it('requires a stage-configuration entry, with every setting, for each declared job: at compile time', () => {
    // @ts-expect-error the job's entry is missing
    const missing: JobSchedulesOf<[typeof typedProbes]> = {};
    // @ts-expect-error the job's setting is missing
    const withoutSetting: JobSchedulesOf<[typeof typedProbes]> = { 'probes-tick': { everyMinutes: 1 } };
    const complete: JobSchedulesOf<[typeof typedProbes]> = { 'probes-tick': { everyMinutes: 1, maxPerRun: 5 } };
    expect([missing, withoutSetting, complete]).toHaveLength(3);
  });

  it.each(Object.keys(stages) as (keyof typeof stages)[])('has, in %s, an entry and every setting for each job of the application', (stage) => {
    const config = stages[stage];
    const entries = config.jobs as Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    for (const declared of app.jobs) {
      const entry = entries[declared.name];
      expect(entry, declared.name).toBeDefined();
      expect(Number.isInteger(entry!.everyMinutes) && (entry!.everyMinutes as number) >= 1, declared.name).toBe(true);
      for (const setting of Object.keys(declared.settings)) expect(typeof entry![setting], `${declared.name}.${setting}`).toBe('number');
    }
    expect(Object.keys(entries).sort()).toEqual(app.jobs.map((declared) => declared.name).sort());
  });

  it('refuses, at synth and local start, a job whose entry a cast left out, naming the job and the stage', () => {
    const declaration = composeApp([...services, probes()], settings);
    const config = { ...stages.dev, jobs: { ...stages.dev.jobs } } as StageConfig;
    expect(() => scheduledJobs(declaration, config)).toThrow(/Job probes-tick of probes has no entry in StageConfig.jobs of stage dev/);
    const withoutSetting = { ...config, jobs: { ...config.jobs, 'probes-tick': { everyMinutes: 1 } } } as StageConfig;
    expect(() => scheduledJobs(declaration, withoutSetting)).toThrow(/needs StageConfig.jobs\['probes-tick'\].maxPerRun/);
    const complete = { ...config, jobs: { ...config.jobs, 'probes-tick': { everyMinutes: 2, maxPerRun: 7 } } } as StageConfig;
    expect(scheduledJobs(declaration, complete).find((scheduled) => scheduled.name === 'probes-tick')).toMatchObject({
      service: 'probes',
      everyMinutes: 2,
      identity: { logService: 'probes-tick', access: { probes: ['Query'] }, settings: { MAX_PER_RUN: '7' } },
    });
  });
});
