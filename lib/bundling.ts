/**
 * How every Lambda function is bundled, in one place. The CDK construct (constructs/lambda-function.ts)
 * takes `cdkBundlingOptions()`, the benchmark (bench/) builds with `esbuildBuildOptions()`, and
 * both come from the settings below, so the benchmark measures exactly what is deployed.
 */
import path from 'node:path';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { repoRoot } from './paths';

/**
 * Packages replaced by another module in every bundle. Targets are relative to the repository
 * root: esbuild resolves an alias's target from its working directory, which the CDK sets to the
 * project root (and `esbuildBuildOptions` to `projectRoot`).
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  // Lambda always provides credentials in environment variables: the default chain's SSO, STS,
  // ini and metadata providers could never answer, and they cost ~130 KB (the module says more).
  '@aws-sdk/credential-provider-node': './lambdas/shared/credentials-from-env.ts',
  // Code the SDK clients carry that no function runs (each module says why it never runs, and
  // fails loudly if it ever would): event-stream serde, endpoint discovery, a JS SHA-256 fallback.
  '@smithy/core/event-streams': './lambdas/shared/bundle-aliases/event-streams.ts',
  '@aws-sdk/middleware-endpoint-discovery': './lambdas/shared/bundle-aliases/endpoint-discovery.ts',
  '@smithy/core/checksum': './lambdas/shared/bundle-aliases/checksum.ts',
};

/** The settings both builds share; each builder below only translates them. */
const BUNDLE_SETTINGS = {
  format: 'esm',
  /** The oldest Node.js the functions may run on; the runtime itself is newer (see the construct). */
  target: 'node22',
  minify: true,
  sourceMap: true,
  // Stack traces map to file and line; the sources themselves need not ship.
  sourcesContent: false,
  // Prefer packages' ES module builds: esbuild can drop what is not imported from them.
  mainFields: ['module', 'main'],
  // Bundle AWS SDK v3 instead of taking the runtime's copy: the version we test is the version we
  // run, and only the clients a handler imports are shipped.
  externalModules: [] as string[],
  // Statements under these labels are left out of every bundle: response schemas, built under
  // `docs:` (lambdas/shared/responses.ts), document the API and are never read by a function.
  dropLabels: ['docs'],
  // ESM output with CommonJS dependencies that call require() at runtime.
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
} as const;

/**
 * The functions' NODE_OPTIONS: stack traces through the source maps the bundles ship with. It
 * costs some start-up time (the benchmark measures how much), paid for readable errors.
 */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/** Rewrites the source maps' paths relative to the project root (see the script). */
const RELATIVE_SOURCE_MAP = path.join(repoRoot, 'lib', 'bundling-hooks', 'relative-source-map.mjs');

/**
 * `NodejsFunction`'s `bundling` prop. The asset holds only what runs, the bundle and its source
 * map, both independent of where the checkout and `cdk.out` are: so two machines building the
 * same commit produce the same asset hash, and a deploy from another machine updates nothing.
 * (No esbuild metafile: it lists absolute paths, and nothing in Lambda reads it.)
 */
export const cdkBundlingOptions = (): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: BUNDLE_SETTINGS.target,
  minify: BUNDLE_SETTINGS.minify,
  sourceMap: BUNDLE_SETTINGS.sourceMap,
  sourcesContent: BUNDLE_SETTINGS.sourcesContent,
  mainFields: [...BUNDLE_SETTINGS.mainFields],
  externalModules: [...BUNDLE_SETTINGS.externalModules],
  metafile: false,
  banner: BUNDLE_SETTINGS.banner,
  esbuildArgs: {
    '--alias': Object.entries(BUNDLE_ALIASES).map(([from, to]) => `${from}=${to}`),
    '--drop-labels': BUNDLE_SETTINGS.dropLabels.join(','),
  },
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [`node "${RELATIVE_SOURCE_MAP}" "${outputDir}" "${inputDir}"`],
  },
});

export interface EsbuildBuild {
  /** Absolute path of the handler's source. */
  readonly entry: string;
  /** Absolute path of the bundle to write (`.mjs`). */
  readonly outfile: string;
  /** The repository root, as the CDK's `projectRoot`. */
  readonly projectRoot: string;
  /**
   * The aliases, for the benchmark's what-if variants only (never deployed).
   * @default BUNDLE_ALIASES
   */
  readonly aliases?: Readonly<Record<string, string>>;
}

/**
 * The same build through esbuild's API, with the flags the CDK passes to its CLI (`--bundle
 * --platform=node --format --target --minify --sourcemap --sources-content --main-fields
 * --banner:js --alias`), run from the project root as the CDK runs it, plus a metafile.
 */
export const esbuildBuildOptions = (build: EsbuildBuild): BuildOptions => ({
  entryPoints: [build.entry],
  outfile: build.outfile,
  absWorkingDir: build.projectRoot,
  bundle: true,
  platform: 'node',
  format: BUNDLE_SETTINGS.format,
  target: BUNDLE_SETTINGS.target,
  minify: BUNDLE_SETTINGS.minify,
  sourcemap: BUNDLE_SETTINGS.sourceMap,
  sourcesContent: BUNDLE_SETTINGS.sourcesContent,
  mainFields: [...BUNDLE_SETTINGS.mainFields],
  external: [...BUNDLE_SETTINGS.externalModules],
  // The benchmark sizes bundles from it (in memory: esbuild's API writes no metafile to disk).
  metafile: true,
  banner: { js: BUNDLE_SETTINGS.banner },
  dropLabels: [...BUNDLE_SETTINGS.dropLabels],
  alias: { ...(build.aliases ?? BUNDLE_ALIASES) },
  logLevel: 'warning',
});
