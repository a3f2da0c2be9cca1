/**
 * `npm start` as a developer meets it: how long after DynamoDB Local accepts connections the
 * runtime is ready, how much memory its whole process tree holds after the README's walk-through,
 * how long a Ctrl-C takes to leave nothing running, and (watch mode) how long from saving a
 * function's source to its new code answering.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { app } from '../../lib/app';
import { copyProject, descendantsOf, isAlive, startLocalRuntime, type RunningRuntime } from '../../test/e2e/support/local-runtime';

export interface StartFigures {
  /** From the runtime process's start to DynamoDB Local answering, as the banner says. */
  readonly dynamoDbReadyS: number;
  /** From the runtime process's start to the ready line. */
  readonly readyS: number;
  /** readyS - dynamoDbReadyS: the target's figure. */
  readonly afterDynamoDbS: number;
}

const BANNER = /Started in ([\d.]+) s \(DynamoDB Local ready at ([\d.]+) s\)/;

/** The start-up figures from a runtime's banner. */
export const startFigures = (runtime: RunningRuntime): StartFigures => {
  const match = BANNER.exec(runtime.output());
  if (!match) throw new Error(`No start-up figures in the banner:\n${runtime.output().slice(0, 2000)}`);
  const readyS = Number(match[1]);
  const dynamoDbReadyS = Number(match[2]);
  return { readyS, dynamoDbReadyS, afterDynamoDbS: Number((readyS - dynamoDbReadyS).toFixed(2)) };
};

/** Resident memory of a process and all its descendants, in MB (ps, as top shows it). */
export const treeResidentMb = (pid: number): number => {
  const pids = [pid, ...descendantsOf(pid)];
  const out = execFileSync('ps', ['-o', 'rss=', '-p', pids.join(',')], { encoding: 'utf8' });
  const kb = out
    .trim()
    .split('\n')
    .reduce((sum, line) => sum + Number(line.trim() || 0), 0);
  return Math.round(kb / 1024);
};

const json = async <T>(response: Promise<Response>): Promise<{ status: number; body: T }> => {
  const answered = await response;
  return { status: answered.status, body: (await answered.json()) as T };
};

/** The README's walk-through (token, sign-up, product, order until CONFIRMED, stock, notifications), over fetch. */
export const readmeWalkThrough = async (url: string): Promise<void> => {
  const { body: tokenBody } = await json<{ token: string }>(
    fetch(`${url}/_local/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: 'alice', email: 'alice@example.com', groups: ['admin'] }) }),
  );
  const headers = { authorization: `Bearer ${tokenBody.token}`, 'x-api-key': 'local-web-key', 'content-type': 'application/json' };
  const call = <T>(method: string, route: string, body?: unknown) => json<T>(fetch(`${url}${route}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
  await call('POST', '/v1/users', { name: 'Alice', email: 'alice@example.com' });
  const product = await call<{ id: string }>('POST', '/v1/products', { name: 'Lamp', priceCents: 2500, stock: 3 });
  const order = await call<{ id: string }>('POST', '/v1/orders', { items: [{ productId: product.body.id, quantity: 1 }] });
  if (order.status !== 201) throw new Error(`The walk-through's order failed: ${order.status}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { body } = await call<{ status: string }>('GET', `/v1/orders/${order.body.id}`);
    if (body.status !== 'PENDING') break;
    if (Date.now() > deadline) throw new Error('The walk-through\'s order stayed PENDING for 60 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await call('GET', `/v1/products/${product.body.id}`);
  await call('GET', '/v1/users/alice/notifications');
};

/** Ctrl-C to the runtime's process group; ms until it has exited and every descendant is gone. */
export const interruptAndTime = async (runtime: RunningRuntime): Promise<{ code: number | null; stopMs: number }> => {
  const descendants = descendantsOf(runtime.child.pid!);
  const startedAt = performance.now();
  const code = await runtime.interrupt();
  while (descendants.some(isAlive)) {
    if (performance.now() - startedAt > 30_000) throw new Error(`Still running 30 s after Ctrl-C: ${descendants.filter(isAlive).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { code, stopMs: Math.round(performance.now() - startedAt) };
};

/** Starts `npm run dev` on a copy of the project, edits a handler, and times save -> new code answering. */
export const measureWatchReload = async (): Promise<{ reloadMs: number; rebuildMs: number }> => {
  const project = copyProject();
  const runtime = await startLocalRuntime({ root: project.root, args: ['--watch'] });
  try {
    const handler = path.join(project.root, app.routes.find((route) => route.id === 'getHealth')!.handler);
    const health = async (): Promise<{ edited?: boolean }> => (await (await fetch(`${runtime.url}/v1/health`)).json()) as { edited?: boolean };
    await health();
    const source = fs.readFileSync(handler, 'utf8');
    const savedAt = performance.now();
    fs.writeFileSync(handler, source.replace("{ status: 'ok' as const }", "{ status: 'ok' as const, edited: true }"));
    for (;;) {
      if ((await health()).edited) break;
      if (performance.now() - savedAt > 60_000) throw new Error('The edited handler never answered');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const reloadMs = Math.round(performance.now() - savedAt);
    const rebuilt = /Rebuilt in (\d+) ms/.exec(runtime.output());
    return { reloadMs, rebuildMs: rebuilt ? Number(rebuilt[1]) : Number.NaN };
  } finally {
    await runtime.stop();
    project.remove();
  }
};
