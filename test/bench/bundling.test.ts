/** The one set of bundling options, its credentials alias, and what keeps esbuild able to drop unused code. */
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as esbuild from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUNDLE_ALIASES, cdkBundlingOptions, esbuildBuildOptions } from '../../lib/bundling';
import { repoRoot } from '../../lib/paths';
import { getHealth } from '../../lambdas/api/contract';
import { getProduct, inventory, listProducts } from '../../lambdas/products/contract';
import { defaultProvider } from '../../lambdas/shared/credentials-from-env';

const sourceFiles = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : Promise.resolve(entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []))),
  );
  return nested.flat();
};

describe('bundling options', () => {
  it('give the CDK and the benchmark the same esbuild settings', () => {
    const cdk = cdkBundlingOptions();
    const esbuild = esbuildBuildOptions({ entry: '/x/handler.ts', outfile: '/x/index.mjs', projectRoot: repoRoot });

    expect(cdk.format).toBe(OutputFormat.ESM);
    expect(esbuild.format).toBe('esm');
    expect(esbuild).toMatchObject({
      bundle: true,
      platform: 'node',
      target: cdk.target,
      minify: cdk.minify,
      sourcemap: cdk.sourceMap,
      sourcesContent: cdk.sourcesContent,
      mainFields: cdk.mainFields,
      external: cdk.externalModules,
      banner: { js: cdk.banner },
      absWorkingDir: repoRoot,
    });
    expect(cdk.esbuildArgs?.['--alias']).toEqual(Object.entries(esbuild.alias ?? {}).map(([from, to]) => `${from}=${to}`));
    expect(cdk.esbuildArgs?.['--drop-labels']).toBe(esbuild.dropLabels?.join(','));
  });

  it('replace the default credential chain in every bundle by the environment-only module', () => {
    expect(BUNDLE_ALIASES['@aws-sdk/credential-provider-node']).toBe('./lambdas/shared/credentials-from-env.ts');
  });

  it("let function code import zod's mini build only, as a namespace or by name: the classic API keeps all of zod in a bundle", async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(path.join(repoRoot, 'lambdas'))) {
      const source = await readFile(file, 'utf8');
      // Re-exporting the namespace as a value (export { z }) would also make esbuild keep all of it.
      if (/from\s*'zod(\/v4)?'/.test(source) || /export\s*\{[^}]*\bz\b/.test(source)) offenders.push(path.relative(repoRoot, file));
    }
    expect(offenders, "import * as z from 'zod/mini'").toEqual([]);
  });
});

/** A handler's bundle as the stack builds it, in memory: its text and the inputs it holds. */
const bundleOf = async (handler: string) => {
  const result = await esbuild.build({
    ...esbuildBuildOptions({ entry: path.join(repoRoot, handler), outfile: path.join(os.tmpdir(), 'bundle-test', 'index.mjs'), projectRoot: repoRoot }),
    write: false,
    sourcemap: false,
  });
  const output = Object.values(result.metafile!.outputs).find((candidate) => candidate.entryPoint)!;
  return { text: result.outputFiles!.map((file) => file.text).join(''), inputs: Object.keys(output.inputs) };
};

describe('what a handler bundle holds of the contracts', () => {
  it("leaves out the response schemas, which document the API and are never read at run time", async () => {
    const { text } = await bundleOf(getProduct.handler);

    expect(text.includes('A product and its available stock'), 'A product and its available stock').toBe(false);
    expect(text.includes('Starts at 1 and grows by one on every write'), 'Starts at 1 and grows by one on every write').toBe(false);
  });

  it('keeps its own route and drops the other routes and consumers of its service', async () => {
    const { text } = await bundleOf(getProduct.handler);

    expect(text.includes(getProduct.summary), getProduct.summary).toBe(true);
    expect(text.includes(listProducts.summary), listProducts.summary).toBe(false);
    expect(text.includes(inventory.handler), inventory.handler).toBe(false);
  });

  it('ships no zod at all for a route that takes no input', async () => {
    const { inputs } = await bundleOf(getHealth.handler);

    expect(inputs.filter((input) => input.includes('node_modules/zod/'))).toEqual([]);
  });
});

describe('the environment-only credentials of the bundles', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads the credentials Lambda puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');

    const credentials = await defaultProvider()();

    expect(credentials).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('fails clearly when the environment has none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');

    await expect(defaultProvider()()).rejects.toThrow(/environment variable credentials/i);
  });
});
