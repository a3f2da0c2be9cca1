/**
 * The typed client's weight in a web app: clients/typescript bundled for the browser as a frontend
 * build would (esbuild, ESM, minified, everything it imports), then gzipped, the figure
 * bundlephobia and size-limit give. Nothing else is measured here: it loads nothing and calls nothing.
 */
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../lib/paths';

/** The package entry, as a consumer imports it. */
const CLIENT_ENTRY = 'clients/typescript/src/index.ts';

export interface ClientSize {
  readonly entry: string;
  /** Minified ESM with every dependency inlined. */
  readonly minifiedBytes: number;
  /** The minified bundle, gzipped at zlib's default level (what a server sends with Content-Encoding: gzip). */
  readonly gzipBytes: number;
  /** Minified bytes per package (`openapi-fetch`) or source folder (`clients/typescript`), largest first. */
  readonly packages: readonly { readonly input: string; readonly bytes: number }[];
}

const packageOf = (input: string): string => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');

export const measureClientSize = async (): Promise<ClientSize> => {
  const result = await esbuild.build({
    entryPoints: [path.join(repoRoot, CLIENT_ENTRY)],
    absWorkingDir: repoRoot,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    outfile: 'client.min.js',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const [, output] = Object.entries(result.metafile.outputs)[0]!;
  const packages = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) packages.set(packageOf(input), (packages.get(packageOf(input)) ?? 0) + bytesInOutput);
  return {
    entry: CLIENT_ENTRY,
    minifiedBytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    packages: [...packages].sort((a, b) => b[1] - a[1]).map(([input, bytes]) => ({ input, bytes })),
  };
};
