/**
 * `npm run bench -- --quick` and `npm run cost` end to end, into a temporary directory (the
 * committed docs/benchmarks.md and bench/results.json are not touched). The figures of a quick
 * run mean nothing; what is checked is that every measurement ran and produced its shape, and
 * that each bundle, started cold, answered as the handler's source did end to end.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { repoRoot } from '../../lib/paths';
import type { CostReport } from '../../bench/cost-model';
import type { BenchResults } from '../../bench/results';

const QUICK_FUNCTIONS = ['getHealth', 'getUser', 'getProduct', 'placeOrder', 'ordersConsumer', 'relay'];
// A guard against a hang, not a speed target: the quick run takes about a minute on a calm machine, but
// several on a shared two-core one under load, and the first run on a fresh clone also fetches Node.js 24
// from the npm registry (~50 MB).
const RUN_DEADLINE_MS = 420_000;

const run = (script: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    // Its own process group: the benchmark starts a local runtime, DynamoDB Local and Node 24 processes,
    // and a hung run is stopped with all of them, not only its first process.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, script), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    };
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(killGroup, RUN_DEADLINE_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      // Whatever it left behind, even after a clean exit.
      killGroup();
      resolve({ code, stdout, stderr });
    });
  });

describe('npm run bench -- --quick', () => {
  let out: string;
  let results: BenchResults;
  let report: string;

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'bench-test-'));
    const { code, stdout, stderr } = await run('bench/bench.ts', ['--quick', '--out', out]);
    if (code !== 0) throw new Error(`The quick benchmark exited with ${code}:\n${stdout}\n${stderr}`);
    results = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as BenchResults;
    report = await readFile(path.join(out, 'benchmarks.md'), 'utf8');
  }, RUN_DEADLINE_MS + 10_000);

  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('sizes every quick function from its metafile, with its five largest inputs', () => {
    expect(results.mode).toBe('quick');
    expect(results.bundles.map((bundle) => bundle.function)).toEqual(QUICK_FUNCTIONS);
    for (const bundle of results.bundles) {
      expect(bundle.bytes).toBeGreaterThan(1_000);
      expect(bundle.topInputs).toHaveLength(5);
      expect(bundle.topInputs[0]!.bytes).toBeGreaterThanOrEqual(bundle.topInputs[4]!.bytes);
    }
  });

  it('sizes clients/typescript minified and gzipped, with openapi-fetch its only dependency', () => {
    const { client } = results;
    expect(client.entry).toBe('clients/typescript/src/index.ts');
    expect(client.gzipBytes).toBeGreaterThan(1_000);
    expect(client.gzipBytes).toBeLessThan(client.minifiedBytes);
    expect(client.packages.map((entry) => entry.input).sort()).toEqual(['clients/typescript', 'openapi-fetch']);
    expect(client.packages.reduce((sum, entry) => sum + entry.bytes, 0)).toBeLessThanOrEqual(client.minifiedBytes);
    expect(report).toContain(`${(client.gzipBytes / 1024).toFixed(1)} KB** gzipped`);
  });

  it('starts every bundle cold on Node.js 24 and on this machine\'s Node.js, and each answers as its source did end to end', () => {
    expect(results.coldInit.node).toMatch(/^v24\./);
    expect(results.coldInit.hostNode.node).toBe(process.version);
    for (const run of [results.coldInit, results.coldInit.hostNode]) {
      expect(run.floor.totalMs.n).toBe(results.coldInit.runs);
      expect(run.functions.map((entry) => entry.function)).toEqual(QUICK_FUNCTIONS);
      for (const entry of run.functions) {
        expect(entry.mismatches, `${entry.function} on ${run.node}`).toEqual([]);
        expect(entry.totalMs.n).toBe(results.coldInit.runs);
        expect(Number.isFinite(entry.aboveFloorMs.median)).toBe(true);
      }
    }
    expect(report).toContain(`Node.js ${results.coldInit.node}`);
    expect(report).toContain(`Node.js ${results.coldInit.hostNode.node}`);
  });

  it('compares each function with the SDK-only floor of its clients, and the floors answered over TLS', () => {
    for (const run of [results.coldInit, results.coldInit.hostNode]) {
      expect(run.sdkFloors.map((floor) => floor.name)).toEqual(['DynamoDB', 'DynamoDB + SNS']);
      for (const floor of run.sdkFloors) {
        expect(floor.mismatches, `${floor.name} on ${run.node}`).toEqual([]);
        expect(floor.totalMs.n).toBe(results.coldInit.runs);
      }
      const floorOf = Object.fromEntries(run.functions.map((entry) => [entry.function, entry.sdkFloor]));
      expect(floorOf).toEqual({ getHealth: undefined, getUser: 'DynamoDB', getProduct: 'DynamoDB', placeOrder: 'DynamoDB', ordersConsumer: 'DynamoDB', relay: 'DynamoDB + SNS' });
      for (const entry of run.functions.filter((candidate) => candidate.sdkFloor)) {
        const floor = run.sdkFloors.find((candidate) => candidate.name === entry.sdkFloor)!;
        expect(entry.toSdkFloor).toBeCloseTo(entry.totalMs.median / floor.totalMs.median, 6);
        expect(entry.aboveSdkFloorMs!.n).toBe(results.coldInit.runs);
      }
    }
    expect(results.coldInit.sdkFloorBytes['DynamoDB']).toBeGreaterThan(100_000);
  });

  it('measures what-if variants beside the deployed bundle', () => {
    const variants = results.variants.filter((variant) => variant.function === 'getUser').map((variant) => variant.variant);
    expect(variants).toEqual(expect.arrayContaining(['default-credential-chain', 'no-source-maps']));
    const credentials = results.variants.find((variant) => variant.variant === 'default-credential-chain')!;
    expect(credentials.addedBytes).toBeLessThan(0);
  });

  it("measures issue 17's levers as variants that answer as the deployed bundle does, and decides each in the report", () => {
    const levers = results.variants.filter((variant) => variant.function === 'getUser' && variant.lever !== undefined);
    expect(levers.map((variant) => [variant.variant, variant.lever])).toEqual(
      expect.arrayContaining([
        ['no-powertools-logger-metrics', 'logger'],
        ['commonjs', 'format'],
        ['primed-client', 'priming'],
      ]),
    );
    // The primed variant's extra GetItem was answered, and every variant took the recorded path.
    for (const variant of levers) expect(variant.mismatches).toEqual([]);
    const primed = levers.find((variant) => variant.variant === 'primed-client')!;
    // Priming adds a few hundred bytes of wrapper, not another client.
    expect(Math.abs(primed.addedBytes)).toBeLessThan(2 * 1024);
    expect(Number.isFinite(primed.addedImportMs) && Number.isFinite(primed.addedInvokeMs)).toBe(true);
    for (const decision of ['**Powertools Logger and Metrics versus a lighter logger.**', '**CommonJS versus ESM output.**', '**Priming the SDK client during init**', '**Node.js compile cache**']) {
      expect(report).toContain(decision);
    }
    expect(report).toContain('https://nodejs.org/api/module.html#module-compile-cache');
  });

  it('times GET /v1/users/{id} and POST /v1/orders warm, with the status the end-to-end run got', () => {
    expect(results.warm.map((entry) => entry.label)).toEqual(['GET /v1/users/{id}', 'POST /v1/orders']);
    for (const entry of results.warm) {
      expect(entry.mismatches).toBe(0);
      expect(entry.latencyMs.n).toBe(entry.iterations);
    }
  });

  it('compares the local gateway with the floor for both routes and times orders to CONFIRMED', () => {
    expect(results.local.throughput.map((entry) => entry.label)).toEqual(['GET /v1/products/{id}', 'POST /v1/orders']);
    for (const entry of results.local.throughput) {
      expect(entry.gateway.ok).toBeGreaterThan(0);
      expect(entry.floor.ok).toBeGreaterThan(0);
      expect(entry.ratio).toBeCloseTo(entry.gateway.requestsPerSecond / entry.floor.requestsPerSecond, 6);
    }
    expect(results.local.eventLatency.confirmed).toBe(results.local.eventLatency.orders);
    // The same orders' decisions, pushed over the buyer's live socket instead of polled.
    const push = results.local.pushLatency!;
    expect(push.orders).toBe(results.local.eventLatency.orders);
    expect(push.received).toBe(push.orders);
    expect(push.latencyMs.n).toBe(push.orders);
    expect(report).toContain(`over ${push.orders} orders placed one after another (${push.received} received)`);
  });

  it('measures npm start: ready after DynamoDB Local, the tree\'s memory after the walk-through, and Ctrl-C', () => {
    const { start, residentMbAfterWalkThrough, stopMs, watch } = results.runtime;
    expect(start.dynamoDbReadyS).toBeGreaterThan(0);
    expect(start.afterDynamoDbS).toBeCloseTo(start.readyS - start.dynamoDbReadyS, 1);
    // The JVM alone holds over 100 MB: a smaller figure would mean the tree was not summed.
    expect(residentMbAfterWalkThrough).toBeGreaterThan(100);
    expect(stopMs).toBeGreaterThan(0);
    expect(watch).toBeUndefined();
  });

  it('counts DynamoDB units for every route of the declaration, and follows events to their consumers', () => {
    const measured = results.capacity.requests.map((path) => path.key);
    for (const route of app.routes) expect(measured).toContain(route.id);
    const placeOrder = results.capacity.requests.find((path) => path.key === 'placeOrder')!;
    expect(placeOrder.writeUnits).toBeGreaterThan(0);
    expect(placeOrder.emitted).toEqual({ OrderPlaced: 1 });
    expect(results.capacity.deliveries.map((path) => path.key)).toEqual(
      expect.arrayContaining(['OrderPlaced -> inventoryConsumer', 'StockReserved -> ordersConsumer', 'OrderConfirmed -> notificationsConsumer']),
    );
    expect(results.capacity.relay.snsPublishRequests).toBeGreaterThan(0);
  });

  it('checks the seven targets and says which were met', () => {
    expect(results.targets.map((target) => target.limit)).toEqual(['<= 250 KB', '<= 1.25 ×', '< 1 ms', '<= 2 s', '< 600 MB', '<= 5 s', '>= 70 %']);
    for (const target of results.targets) expect(report).toContain(`| ${target.target} | ${target.limit} | ${target.measured} |`);
  });

  it('writes the report with every section and the chart', async () => {
    for (const heading of ['## Targets', '## Bundle size', '## Client size', '## Cold module init', '## What-if variants: tracing, logging, metrics, output format, priming', '## Levers: what was tried, and decided from these figures', '## Beside the outside figures', '## Warm handler latency', '## npm start', '## Local end to end', '## DynamoDB units, logs and publishes per request', '## Cost']) {
      expect(report).toContain(heading);
    }
    expect(report).toContain('![Bundle size and cold init per function](benchmarks.svg)');
    const svg = await readFile(path.join(out, 'benchmarks.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.match(/<rect /g)!.length).toBeGreaterThan(results.bundles.length * 2);
  });

  it('prices a month of requests from those results, per route and per event path', async () => {
    const { code, stdout, stderr } = await run('bench/cost.ts', ['--requests-per-month', '1000000', '--results', path.join(out, 'results.json'), '--json']);
    expect(code, stderr).toBe(0);
    const cost = JSON.parse(stdout) as CostReport & { prices: { region: string; asOf: string } };
    expect(cost.prices.region).toBe('us-east-1');
    expect(cost.rows.filter((row) => row.kind === 'route').length).toBeGreaterThan(5);
    expect(cost.rows.map((row) => row.item)).toContain('OrderPlaced -> inventoryConsumer');
    expect(cost.total.total).toBeCloseTo(cost.rows.reduce((sum, row) => sum + row.total, 0), 6);
    expect(cost.total.apiGateway).toBeCloseTo(3.5, 6);
  }, 30_000);

  it('refuses to price without a volume', async () => {
    const { code, stderr } = await run('bench/cost.ts', ['--results', path.join(out, 'results.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain('--requests-per-month');
  }, 30_000);
});
