/**
 * Builds every function's bundle exactly as the stack does (lib/bundling.ts) and reads its size
 * and largest inputs from esbuild's metafile.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { esbuildBuildOptions } from '../lib/bundling';
import { repoRoot } from '../lib/paths';
import type { BenchFunction } from './functions';

interface InputSize {
  /** A source file, or a package (`zod`, `@smithy/core`), from the repository root. */
  readonly input: string;
  readonly bytes: number;
}

export interface Bundle {
  readonly function: string;
  /** Absolute path of the bundle (index.mjs, with index.mjs.map beside it). */
  readonly file: string;
  readonly bytes: number;
  /** The five largest input files, by bytes they contribute to the minified output. */
  readonly topInputs: readonly InputSize[];
  /** The five largest packages (or source folders), by the same measure. */
  readonly topPackages: readonly InputSize[];
  /** Every input path, to tell whether a package is in the bundle at all. */
  readonly inputs: readonly string[];
}

/** `node_modules/@smithy/core/dist-es/x.js` -> `@smithy/core`; `lambdas/shared/x.ts` -> `lambdas/shared`. */
const packageOf = (input: string): string => {
  const inModules = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inModules) return inModules[1]!;
  return input.split('/').slice(0, 2).join('/');
};

const largest = (sizes: Map<string, number>, count: number): InputSize[] =>
  [...sizes].sort((a, b) => b[1] - a[1]).slice(0, count).map(([input, bytes]) => ({ input, bytes }));

/** What-if builds of a function: another name, aliases or entry than the deployed ones. */
export interface BundleOverrides {
  readonly name?: string;
  readonly aliases?: Readonly<Record<string, string>>;
  readonly entry?: string;
  /** CommonJS instead of the deployed ESM (written as index.cjs, without the ESM-only banner). */
  readonly format?: 'cjs';
}

/** Builds one bundle into `outDir/<name>/index.mjs`. */
export const buildBundle = async (fn: Pick<BenchFunction, 'name' | 'entry'>, outDir: string, overrides: BundleOverrides = {}): Promise<Bundle> => {
  const name = overrides.name ?? fn.name;
  const dir = path.join(outDir, name);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, overrides.format === 'cjs' ? 'index.cjs' : 'index.mjs');
  const options = esbuildBuildOptions({ entry: overrides.entry ?? fn.entry, outfile: file, projectRoot: repoRoot, aliases: overrides.aliases });
  const result = await esbuild.build(overrides.format === 'cjs' ? { ...options, format: 'cjs', banner: {} } : options);
  const metafile = result.metafile!;
  await writeFile(path.join(dir, 'index.meta.json'), JSON.stringify(metafile));
  const [, output] = Object.entries(metafile.outputs).find(([outputPath]) => /\.[mc]js$/.test(outputPath))!;
  const files = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    files.set(input, bytesInOutput);
    packages.set(packageOf(input), (packages.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return {
    function: name,
    file,
    bytes: output.bytes,
    topInputs: largest(files, 5),
    topPackages: largest(packages, 5),
    inputs: Object.keys(output.inputs),
  };
};

/** Every function's bundle, built in parallel (esbuild runs them on its own threads). */
export const buildBundles = (functions: readonly BenchFunction[], outDir: string): Promise<Bundle[]> =>
  Promise.all(functions.map((fn) => buildBundle(fn, outDir)));
