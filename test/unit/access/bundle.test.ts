import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildBuildOptions } from '../../../lib/bundling';
import { repoRoot } from '../../../lib/paths';

const HOOK_MODULE = 'lambdas/shared/sdk-client-hook.ts';

/** Bundles a module as a function is bundled for Lambda, and reports what went in. */
const bundle = async (entry: string): Promise<Metafile['outputs'][string]> => {
  const result = await build({
    ...esbuildBuildOptions({ entry: path.join(repoRoot, entry), outfile: path.join(repoRoot, '.bundle-probe', 'index.mjs'), projectRoot: repoRoot }),
    write: false,
  });
  const [output] = Object.values(result.metafile?.outputs ?? {}).filter((out) => out.entryPoint !== undefined);
  if (!output) throw new Error(`No bundle for ${entry}`);
  return output;
};

describe.each(['lambdas/shared/clients.ts', 'lambdas/relay/sns-client.ts'])('the Lambda bundle of %s', (entry) => {
  it('carries the hook lookup, in under 200 bytes', async () => {
    const output = await bundle(entry);

    const hookBytes = output.inputs[HOOK_MODULE]?.bytesInOutput;
    expect(hookBytes).toBeGreaterThan(0);
    expect(hookBytes).toBeLessThan(200);
  });

  it('carries nothing of the local runtime, the guard included', async () => {
    const output = await bundle(entry);

    expect(Object.keys(output.inputs).filter((input) => input.startsWith('local/'))).toEqual([]);
  });
});
