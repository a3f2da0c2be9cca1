import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { grantOf } from '../../../local/access/grant';
import type { LocalFunction } from '../../../local/functions/catalog';
import { FunctionPool, type InvocationResult } from '../../../local/functions/function-pool';
import { buildLocalBundles, localBundles, WORKER_ENTRY } from '../../../local/functions/local-bundles';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const HANDLER = path.join(import.meta.dirname, 'fixtures', 'put-item-handler.ts');

// The fixture runs as every local function runs: its bundle, hosted by the bundled worker.
let cacheDir: string;
let code: { workerFile: string; bundleFile: string };
beforeAll(async () => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-guard-'));
  const bundles = localBundles(ROOT, [HANDLER], cacheDir);
  const built = await buildLocalBundles(bundles);
  await Promise.all([bundles.functions.dispose(), bundles.runtime.dispose()]);
  code = { workerFile: built.runtime.bundles.get(WORKER_ENTRY)!.file, bundleFile: built.functions.bundles.get(bundles.entryOf(HANDLER))!.file };
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

const pools: FunctionPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});

/** A function whose handler puts an item; DynamoDB is unreachable, so a call the guard lets through fails to connect. */
const putItemFunction = (access: Parameters<typeof grantOf>[1]): FunctionPool => {
  const fn: LocalFunction = {
    name: 'createProduct',
    handlerFile: HANDLER,
    environment: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_CONFIG_FILE: os.devNull,
      AWS_SHARED_CREDENTIALS_FILE: os.devNull,
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    grant: grantOf('createProduct', access, { products: 'products' }),
    timeoutSeconds: 20,
    memoryMb: 256,
    maxInstances: 1,
  };
  const pool = new FunctionPool(fn, () => undefined, code.workerFile, code.bundleFile);
  pools.push(pool);
  return pool;
};

const errorOf = (result: InvocationResult) => (result.ok ? undefined : result.error);

describe('a local function', () => {
  it('fails an undeclared call with AccessDeniedException, the guard being set before its handler loaded', async () => {
    const result = await putItemFunction({ products: ['GetItem'] }).invoke({ table: 'products' });

    expect(errorOf(result)).toMatchObject({
      errorType: 'AccessDeniedException',
      errorMessage: expect.stringContaining('assumed-role/createProduct/local is not authorized to perform: dynamodb:PutItem on resource: products'),
    });
  });

  it('makes a declared call, which reaches the network', async () => {
    const result = await putItemFunction({ products: ['PutItem'] }).invoke({ table: 'products' });

    expect(errorOf(result)?.errorType).not.toBe('AccessDeniedException');
    expect(errorOf(result)?.errorMessage).toMatch(/ECONNREFUSED/);
  });
});
