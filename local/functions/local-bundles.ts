/**
 * The two bundle sets of a local run: every function's handler, built exactly as the CDK builds it
 * (lib/bundling.ts), and the worker that hosts one Lambda instance, so that no worker thread needs
 * a TypeScript loader. Both live in node_modules/.cache/local-runtime, a build cache like any
 * other: never data, safe to delete.
 */
import path from 'node:path';
import { esbuildBuildOptions } from '../../lib/bundling';
import { BundleSet, entryName, type BundleBuild } from './bundles';

export interface LocalBundles {
  readonly functions: BundleSet;
  readonly runtime: BundleSet;
  /** The entry name of a handler source file in `functions`. */
  entryOf(handlerFile: string): string;
}

/** The worker hosting a function instance, as an entry name of the `runtime` set. */
export const WORKER_ENTRY = 'worker';

export const cacheDirectory = (root: string): string => path.join(root, 'node_modules', '.cache', 'local-runtime');

export const localBundles = (root: string, handlerFiles: readonly string[], cacheDir = cacheDirectory(root)): LocalBundles => {
  const entryOf = (file: string): string => entryName(file, root);
  // The CDK's options for one function, less the single entry and outfile: the same for every entry.
  const { entryPoints: _entry, outfile: _outfile, ...lambdaOptions } = esbuildBuildOptions({ entry: '', outfile: '', projectRoot: root });
  const functions = new BundleSet(
    { ...lambdaOptions, absWorkingDir: root },
    Object.fromEntries([...new Set(handlerFiles)].map((file) => [entryOf(file), file])),
    path.join(cacheDir, 'functions'),
  );
  const runtime = new BundleSet(
    {
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      // CommonJS dependencies that require() Node's built-ins, inside an ES module.
      banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
      logLevel: 'warning',
    },
    { [WORKER_ENTRY]: path.join(root, 'local/functions/worker.ts') },
    path.join(cacheDir, 'runtime'),
  );
  return { functions, runtime, entryOf };
};

/** Builds (or takes from the cache) both sets at once. */
export const buildLocalBundles = async (bundles: LocalBundles): Promise<{ functions: BundleBuild; runtime: BundleBuild }> => {
  const [functions, runtime] = await Promise.all([bundles.functions.build(), bundles.runtime.build()]);
  return { functions, runtime };
};
