/**
 * A function's local instances, run from its bundle: the bundle is built once and reused while
 * its inputs are unchanged, a stack trace points at the TypeScript source, a busy function
 * throttles or drops what nobody waits for, and new code replaces old without cutting an
 * invocation short.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_NODE_OPTIONS } from '../../../../lib/bundling';
import { grantOf } from '../../../../local/access/grant';
import { BundleSet } from '../../../../local/functions/bundles';
import type { LocalFunction } from '../../../../local/functions/catalog';
import { FunctionPool, type InvocationResult } from '../../../../local/functions/function-pool';
import { buildLocalBundles, localBundles, WORKER_ENTRY } from '../../../../local/functions/local-bundles';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/** A handler that waits `ms`, throws when asked to, and answers with its version. */
const handlerSource = (version: string): string => `
type Event = { ms?: number; fail?: boolean };
export const handler = async (event: Event) => {
  if (event.fail) throw new Error('failed on purpose');
  await new Promise((resolve) => setTimeout(resolve, event.ms ?? 0));
  return { version: '${version}' };
};
`;

let scratch: string;
let handlerFile: string;
let workerFile: string;
const sets: BundleSet[] = [];
const handlerSet = (): BundleSet => {
  const set = new BundleSet({ absWorkingDir: scratch, bundle: true, platform: 'node', format: 'esm', sourcemap: true, logLevel: 'silent' }, { handler: handlerFile }, path.join(scratch, 'out'));
  sets.push(set);
  return set;
};

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'function-pool-'));
  handlerFile = path.join(scratch, 'handler.ts');
  fs.writeFileSync(handlerFile, handlerSource('v1'));
  const runtime = localBundles(ROOT, [], path.join(scratch, 'cache'));
  workerFile = (await buildLocalBundles(runtime)).runtime.bundles.get(WORKER_ENTRY)!.file;
  await Promise.all([runtime.functions.dispose(), runtime.runtime.dispose()]);
});
afterAll(async () => {
  await Promise.all(sets.map((set) => set.dispose()));
  fs.rmSync(scratch, { recursive: true, force: true });
});

const pools: FunctionPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});

const poolOf = (bundleFile: string, maxInstances = 1): FunctionPool => {
  const fn: LocalFunction = {
    name: 'fixture',
    handlerFile,
    environment: { NODE_OPTIONS: LAMBDA_NODE_OPTIONS },
    grant: grantOf('fixture', {}, {}),
    timeoutSeconds: 20,
    memoryMb: 128,
    maxInstances,
  };
  const pool = new FunctionPool(fn, () => undefined, workerFile, bundleFile);
  pools.push(pool);
  return pool;
};

const valueOf = (result: InvocationResult): unknown => (result.ok ? result.value : result.error);

describe('function bundles', () => {
  it('are built once and then reused from the cache while their inputs are unchanged, even when touched', async () => {
    const first = await handlerSet().build();
    const now = new Date();
    fs.utimesSync(handlerFile, now, now);
    const second = await handlerSet().build();

    expect(first.built).toBe(true);
    expect(second.built).toBe(false);
    expect(second.bundles.get('handler')).toEqual(first.bundles.get('handler'));
    expect([...second.sources]).toEqual([handlerFile]);
  });

  it('are rebuilt when a source changes, with a new content hash', async () => {
    const before = await handlerSet().build();
    fs.writeFileSync(handlerFile, handlerSource('v1-edited'));
    const after = await handlerSet().build();
    fs.writeFileSync(handlerFile, handlerSource('v1'));

    expect(after.built).toBe(true);
    expect(after.bundles.get('handler')!.hash).not.toBe(before.bundles.get('handler')!.hash);
  });

  it('are rebuilt only where built from a changed file, as watch mode asks built from a changed file, as watch mode asks', async () => {
    const other = path.join(scratch, 'other.ts');
    fs.writeFileSync(other, handlerSource('other'));
    const set = new BundleSet({ absWorkingDir: scratch, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent' }, { handler: handlerFile, other }, path.join(scratch, 'two'));
    sets.push(set);
    const before = await set.build();

    fs.writeFileSync(handlerFile, handlerSource('v1-watched'));
    const affected = before.entriesBuiltFrom([handlerFile]);
    const after = await set.rebuildEntries(affected);
    fs.writeFileSync(handlerFile, handlerSource('v1'));

    expect(affected).toEqual(['handler']);
    expect(after.bundles.get('handler')!.hash).not.toBe(before.bundles.get('handler')!.hash);
    expect(after.bundles.get('other')).toEqual(before.bundles.get('other'));
  });
});

describe('a local function run from its bundle', () => {
  it('reports a failure with a stack trace that points at the TypeScript source', async () => {
    const { bundles } = await handlerSet().build();

    const result = await poolOf(bundles.get('handler')!.file).invoke({ fail: true });

    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.error.stackTrace).toEqual(expect.arrayContaining([expect.stringMatching(/handler\.ts:4:\d+/)]));
  });

  it('answers as a throttled Lambda when its instances stay busy past the wait, and starts nothing', async () => {
    const { bundles } = await handlerSet().build();
    const pool = poolOf(bundles.get('handler')!.file);

    const slow = pool.invoke({ ms: 1_000 });
    const throttled = await pool.invoke({}, { maxWaitMs: 50 });

    expect(valueOf(throttled)).toMatchObject({ errorType: 'TooManyRequestsException' });
    expect(valueOf(await slow)).toEqual({ version: 'v1' });
    expect(pool.stats()).toMatchObject({ invocations: 1, throttles: 1, abandoned: 0 });
  });

  it('runs a waiting invocation once an instance frees up within the wait', async () => {
    const { bundles } = await handlerSet().build();
    const pool = poolOf(bundles.get('handler')!.file);

    const [first, second] = await Promise.all([pool.invoke({ ms: 200 }), pool.invoke({}, { maxWaitMs: 15_000 })]);

    expect([valueOf(first), valueOf(second)]).toEqual([{ version: 'v1' }, { version: 'v1' }]);
    expect(pool.stats()).toMatchObject({ invocations: 2, throttles: 0 });
  });

  it('never starts an invocation whose caller stopped waiting', async () => {
    const { bundles } = await handlerSet().build();
    const pool = poolOf(bundles.get('handler')!.file);
    const caller = new AbortController();

    const slow = pool.invoke({ ms: 500 });
    const waiting = pool.invoke({}, { signal: caller.signal });
    caller.abort();

    expect(valueOf(await waiting)).toMatchObject({ errorType: 'Runtime.Abandoned' });
    await slow;
    expect(pool.stats()).toMatchObject({ invocations: 1, abandoned: 1, busy: 0, waiting: 0 });
  });

  it('serves new code after replaceCode, while the invocation in flight finishes on the old', async () => {
    const set = handlerSet();
    const v1 = (await set.build()).bundles.get('handler')!;
    const pool = poolOf(v1.file, 2);
    // A warm instance: it has loaded v1 before the file changes.
    expect(valueOf(await pool.invoke({}))).toEqual({ version: 'v1' });
    const inFlight = pool.invoke({ ms: 1_000 });

    fs.writeFileSync(handlerFile, handlerSource('v2'));
    const v2 = (await set.rebuild()).bundles.get('handler')!;
    fs.writeFileSync(handlerFile, handlerSource('v1'));
    pool.replaceCode(v2.file);

    expect(valueOf(await pool.invoke({}))).toEqual({ version: 'v2' });
    expect(valueOf(await inFlight)).toEqual({ version: 'v1' });
    expect(pool.stats().instances).toBe(1);
  });
});
