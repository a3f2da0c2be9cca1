import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaFunction } from '../../lib/constructs/lambda-function';
import { repoRoot } from '../../lib/paths';

// A handler with the AWS SDK, zod and the shared wrappers in its bundle: sources from the
// checkout and from node_modules both end up in its source map.
const HANDLER = 'lambdas/users/handlers/get-user.ts';

/** A checkout of this commit at `dir`: the sources and manifests copied, node_modules linked. */
const checkout = async (dir: string): Promise<void> => {
  await mkdir(dir, { recursive: true });
  await cp(path.join(repoRoot, 'lambdas'), path.join(dir, 'lambdas'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) await cp(path.join(repoRoot, file), path.join(dir, file));
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
};

/** Bundles the handler from `projectRoot` as `cdk synth -o <outdir>` would, and returns its asset's hash and directory. */
const bundle = (projectRoot: string, outdir: string): { hash: string; dir: string } => {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Assets');
  const fn = new LambdaFunction(stack, 'Fn', { entry: path.join(projectRoot, HANDLER), projectRoot, invocation: 'api', memorySize: 256 });
  app.synth();
  const code = stack.resolve((fn.function.node.defaultChild as lambda.CfnFunction).code) as { s3Key: string };
  const hash = code.s3Key.replace(/\.zip$/, '');
  return { hash, dir: path.join(outdir, `asset.${hash}`) };
};

describe('function assets', () => {
  let scratch: string;
  let first: { hash: string; dir: string };
  let second: { hash: string; dir: string };

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'assets-'));
    // Two checkouts and two cdk.out directories at different places and depths, as on two machines.
    await checkout(path.join(scratch, 'alice', 'shop'));
    await checkout(path.join(scratch, 'ci', 'runner', 'work', 'shop'));
    first = bundle(path.join(scratch, 'alice', 'shop'), path.join(scratch, 'alice', 'shop', 'cdk.out'));
    second = bundle(path.join(scratch, 'ci', 'runner', 'work', 'shop'), path.join(scratch, 'out', 'nested', 'cdk.out'));
  }, 120_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('have the same hash when two checkouts of one commit build them in different directories', () => {
    expect(second.hash).toBe(first.hash);
  });

  it('hold only what runs: the bundle and its source map', async () => {
    expect((await readdir(first.dir)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('have source maps whose paths are relative to the project root, packages under node_modules/', async () => {
    const map = JSON.parse(await readFile(path.join(first.dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };

    expect(map.sources).toContain(HANDLER);
    expect(map.sources.some((source) => source.startsWith('node_modules/@aws-sdk/'))).toBe(true);
    expect(map.sources.filter((source) => path.isAbsolute(source) || source.startsWith('..'))).toEqual([]);
  });

  it('name no build directory in the bundle', async () => {
    const bundleText = await readFile(path.join(first.dir, 'index.mjs'), 'utf8');

    expect(bundleText).not.toContain(scratch);
    expect(bundleText).not.toContain(repoRoot);
  });
});
