/**
 * A local runtime that a project's global set-up owns and its test files share, started when the
 * first file asks for it and stopped as soon as every file of the project has finished. Started
 * in the set-up, it would hold up the whole run (set-ups run one after another, before any file),
 * or idle through the unit files for the project whose files run last; stopped at the end of the
 * run, it would idle through the e2e files that run one at a time after its own: idle, a runtime
 * still polls its tables' streams and its queues, at about a fifth of a core. In a run of only
 * some of the project's files, the run's teardown stops it.
 *
 * The runtime is a child of the vitest process (so --stop-with-parent holds), reached by the files
 * through a small control server on 127.0.0.1: POST /start answers its URL once it is ready (or
 * why it could not start), POST /finished counts a file done. runtime-on-demand-hooks.ts, a setup
 * file of these projects, sends both, so that no test file can forget either.
 */
import fs from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalRuntime, type RunningRuntime, type StartOptions } from './local-runtime';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The project's runtime on demand: its control server, and the directory given to it as --logs-dir. */
    onDemandRuntime?: { readonly control: string; readonly logsDir: string };
  }
}

/** Global set-up: serves the project's runtime on demand; returns the teardown. */
export const serveRuntimeOnDemand = async (project: TestProject, startOptions: StartOptions): Promise<() => Promise<void>> => {
  const logsDir = fs.mkdtempSync(path.join(os.tmpdir(), `${project.name}-runtime-logs-`));
  const files = (await project.globTestFiles()).testFiles.length;
  let starting: Promise<RunningRuntime> | undefined;
  let stopping: Promise<number | null> | undefined;
  let finished = 0;
  const start = (): Promise<RunningRuntime> => (starting ??= startLocalRuntime({ ...startOptions, args: [...(startOptions.args ?? []), '--logs-dir', logsDir] }));
  // A start that failed has been killed by startLocalRuntime, and the files said why.
  const stop = (): Promise<number | null> => (stopping ??= starting ? starting.then((runtime) => runtime.stop(), () => 0) : Promise.resolve(0));

  const server = createServer((request, response) => {
    const answer = (status: number, text: string): void => void response.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    request.resume();
    if (request.method === 'POST' && request.url === '/start') {
      // Stopped once every file had finished: a rerun in watch mode gets a new one.
      const stopped = stopping?.catch(() => undefined).then(() => {
        starting = undefined;
        stopping = undefined;
        finished = 0;
      });
      Promise.resolve(stopped)
        .then(start)
        .then(
          (runtime) => answer(200, runtime.url),
          (error: unknown) => answer(500, error instanceof Error ? error.message : String(error)),
        );
    } else if (request.method === 'POST' && request.url === '/finished') {
      finished += 1;
      // The teardown reports a failed stop.
      if (finished >= files) stop().catch(() => undefined);
      answer(204, '');
    } else answer(404, '');
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const closeServer = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('The control server has no port');

  project.provide('onDemandRuntime', { control: `http://127.0.0.1:${address.port}`, logsDir });
  return async () => {
    try {
      await closeServer();
      const runtime = await starting?.catch(() => undefined);
      const code = await stop();
      if (runtime && code !== 0) throw new Error(`The ${project.name} runtime exited with ${code}:\n${runtime.output().slice(-2000)}`);
    } finally {
      fs.rmSync(logsDir, { recursive: true, force: true });
    }
  };
};

