/**
 * `npm run dev` (npm start -- --watch) on a copy of the project: saving a function's source
 * serves its new code without a restart, and a change to the declaration says a restart is
 * needed. The copy is edited, never the repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { ApiClient, eventually } from './support/api-client';
import { copyProject, startLocalRuntime, type RunningRuntime } from './support/local-runtime';

describe('watch mode', { timeout: 120_000 }, () => {
  let project: ReturnType<typeof copyProject>;
  let runtime: RunningRuntime;
  let api: ApiClient;

  beforeAll(async () => {
    project = copyProject();
    runtime = await startLocalRuntime({ root: project.root, args: ['--watch'] });
    api = new ApiClient(runtime.url);
  });
  afterAll(async () => {
    await runtime?.stop();
    project?.remove();
  });

  it('serves a function\'s new code once its source is saved', async () => {
    const handler = path.join(project.root, app.routes.find((route) => route.id === 'getHealth')!.handler);
    expect((await api.get('/v1/health', { apiKey: null })).body).toEqual({ status: 'ok' });
    const source = fs.readFileSync(handler, 'utf8');
    expect(source).toContain("{ status: 'ok' as const }");

    fs.writeFileSync(handler, source.replace("{ status: 'ok' as const }", "{ status: 'ok' as const, edited: true }"));

    await eventually(() => api.get('/v1/health', { apiKey: null }), (response) => response.body?.edited === true, { what: 'the edited health handler to answer' });
    expect(runtime.output()).toMatch(/Rebuilt in \d+ ms \(lambdas\/api\/handlers\/get-health\.ts\): new code for getHealth\./);
  });

  it('says a restart is needed when the declaration changes', async () => {
    const declaration = path.join(project.root, 'lib/app.ts');

    fs.appendFileSync(declaration, '\n// edited\n');

    await eventually(async () => runtime.output(), (output) => output.includes('lib/app.ts changed'), { what: 'the restart notice' });
    expect(runtime.output()).toMatch(/lib\/app\.ts changed: routes, tables, queues and settings are read at start\. Restart/);
  });
});
