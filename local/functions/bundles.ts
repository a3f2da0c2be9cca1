/**
 * The functions run locally from the bundles that are deployed: one esbuild build of every
 * handler with the options lib/bundling.ts gives the CDK (same aliases, ESM `index.mjs` with its
 * source map), through esbuild's incremental API. The output is cached by content: a start whose
 * inputs (every file the last build read, by size, mtime and hash) have not changed reuses the
 * last bundles without running esbuild at all.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { context, type BuildContext, type BuildOptions, type Metafile, type OutputFile } from 'esbuild';

/** What one bundle set knows about its last build, to be reused when nothing it read has changed. */
interface Manifest {
  readonly optionsKey: string;
  /** Input path (relative to the working directory) -> its size, mtime and content hash. */
  readonly inputs: Record<string, { size: number; mtimeMs: number; hash: string }>;
  /** Entry name -> hash of its `index.mjs`. */
  readonly outputs: Record<string, string>;
  /** Entry name -> the inputs its bundle was built from. */
  readonly entryInputs: Record<string, string[]>;
}

interface Bundle {
  /** Absolute path of `index.mjs`. */
  readonly file: string;
  /** Hash of its content: changes exactly when the code a worker would load changes. */
  readonly hash: string;
}

export interface BundleBuild {
  /** Entry name -> its bundle. */
  readonly bundles: ReadonlyMap<string, Bundle>;
  /** Absolute paths of every source file (outside node_modules) the bundles were built from. */
  readonly sources: ReadonlySet<string>;
  /** The entries whose bundle was built from any of these absolute paths. */
  entriesBuiltFrom(files: Iterable<string>): string[];
  /** Whether esbuild ran (false: the cached bundles were still current). */
  readonly built: boolean;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex').slice(0, 16);

/** A name usable as a directory: `lambdas/users/handlers/sign-up.ts` -> `lambdas-users-handlers-sign-up`. */
export const entryName = (file: string, root: string): string =>
  path
    .relative(root, file)
    .replace(/\.[cm]?[jt]s$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-');

/**
 * A set of entry points built together with the same options into `<outdir>/<entry>/index.mjs`.
 * `build()` reuses the cache when it can; `rebuild()` always runs esbuild; `rebuildEntries()`
 * rebuilds only some entries, each through its own incremental context (watch mode).
 */
export class BundleSet {
  private ctx: BuildContext<BuildOptions & { metafile: true; write: false }> | undefined;
  private readonly entryContexts = new Map<string, BuildContext<BuildOptions & { metafile: true; write: false }>>();
  private last: Manifest | undefined;
  private readonly manifestFile: string;
  private readonly optionsKey: string;

  constructor(
    private readonly options: BuildOptions & { absWorkingDir: string },
    /** Entry name -> absolute path of its source. */
    private readonly entries: Readonly<Record<string, string>>,
    private readonly outdir: string,
  ) {
    this.manifestFile = path.join(outdir, 'manifest.json');
    this.optionsKey = sha256(JSON.stringify({ options, entries }));
  }

  /** The bundles, from the cache when every input is as it was, else from a build. */
  async build(): Promise<BundleBuild> {
    const cached = this.fromCache();
    if (cached) return cached;
    return this.rebuild();
  }

  /** Runs esbuild (incrementally after the first time) and writes only the outputs that changed. */
  async rebuild(): Promise<BundleBuild> {
    this.ctx ??= await context(this.contextOptions(this.entries));
    const result = await this.ctx.rebuild();
    const manifest: Manifest = { optionsKey: this.optionsKey, inputs: {}, outputs: {}, entryInputs: {} };
    this.record(manifest, result.outputFiles, result.metafile);
    return this.save(manifest);
  }

  /**
   * Rebuilds only `entries`, each in its own incremental context (created on its first rebuild):
   * saving one handler rebuilds one bundle, not all of them.
   */
  async rebuildEntries(entries: readonly string[]): Promise<BundleBuild> {
    const base = this.last ?? (await this.build(), this.last!);
    const manifest: Manifest = { ...base, inputs: { ...base.inputs }, outputs: { ...base.outputs }, entryInputs: { ...base.entryInputs } };
    await Promise.all(
      entries.map(async (entry) => {
        let ctx = this.entryContexts.get(entry);
        if (!ctx) {
          ctx = await context(this.contextOptions({ [entry]: this.entries[entry]! }));
          this.entryContexts.set(entry, ctx);
        }
        const result = await ctx.rebuild();
        this.record(manifest, result.outputFiles, result.metafile);
      }),
    );
    return this.save(manifest);
  }

  private contextOptions(entries: Readonly<Record<string, string>>): BuildOptions & { metafile: true; write: false } {
    return { ...this.options, entryPoints: entries, outdir: this.outdir, entryNames: '[name]/index', outExtension: { '.js': '.mjs' }, metafile: true, write: false };
  }

  /** Writes the outputs that changed and notes them, with what they were built from, in `manifest`. */
  private record(manifest: Manifest, outputFiles: readonly OutputFile[], metafile: Metafile): void {
    for (const output of outputFiles) {
      this.writeIfChanged(output);
      const entry = path.relative(this.outdir, path.dirname(output.path));
      if (output.path.endsWith('.mjs')) manifest.outputs[entry] = sha256(output.contents);
    }
    for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
      if (!output.endsWith('.mjs')) continue;
      const entry = path.relative(this.outdir, path.dirname(path.resolve(this.options.absWorkingDir, output)));
      manifest.entryInputs[entry] = Object.keys(inputs).filter((input) => !input.includes(':'));
    }
    Object.assign(manifest.inputs, this.fingerprint(metafile));
  }

  private save(manifest: Manifest): BundleBuild {
    fs.mkdirSync(this.outdir, { recursive: true });
    fs.writeFileSync(this.manifestFile, JSON.stringify(manifest));
    this.last = manifest;
    return { ...this.describe(manifest), built: true };
  }

  /** Ends esbuild's service for this set (its child process goes when no set needs it). */
  async dispose(): Promise<void> {
    await Promise.all([this.ctx, ...this.entryContexts.values()].map((ctx) => ctx?.dispose()));
    this.ctx = undefined;
    this.entryContexts.clear();
  }

  private writeIfChanged(output: OutputFile): void {
    try {
      if (fs.readFileSync(output.path).equals(output.contents)) return;
    } catch {
      // Not there yet.
    }
    fs.mkdirSync(path.dirname(output.path), { recursive: true });
    // Write then rename: a worker starting now reads the old file or the new one, never half of one.
    const temporary = `${output.path}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, output.contents);
    fs.renameSync(temporary, output.path);
  }

  private fingerprint(metafile: Metafile): Manifest['inputs'] {
    const inputs: Manifest['inputs'] = {};
    for (const input of Object.keys(metafile.inputs)) {
      // esbuild's own namespaces (e.g. `<define:...>`) are not files.
      if (input.includes(':')) continue;
      const file = path.resolve(this.options.absWorkingDir, input);
      const stat = fs.statSync(file);
      inputs[input] = { size: stat.size, mtimeMs: stat.mtimeMs, hash: sha256(fs.readFileSync(file)) };
    }
    return inputs;
  }

  private fromCache(): BundleBuild | undefined {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(fs.readFileSync(this.manifestFile, 'utf8')) as Manifest;
    } catch {
      return undefined;
    }
    if (manifest.optionsKey !== this.optionsKey) return undefined;
    for (const [input, known] of Object.entries(manifest.inputs)) {
      const file = path.resolve(this.options.absWorkingDir, input);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        return undefined;
      }
      if (stat.size !== known.size) return undefined;
      // A touched file with the same content is still current: compare the content only then.
      if (stat.mtimeMs !== known.mtimeMs && sha256(fs.readFileSync(file)) !== known.hash) return undefined;
    }
    for (const [entry, hash] of Object.entries(manifest.outputs)) {
      const file = path.join(this.outdir, entry, 'index.mjs');
      try {
        if (sha256(fs.readFileSync(file)) !== hash) return undefined;
      } catch {
        return undefined;
      }
    }
    if (Object.keys(this.entries).some((entry) => !(entry in manifest.outputs) || !manifest.entryInputs?.[entry])) return undefined;
    this.last = manifest;
    return { ...this.describe(manifest), built: false };
  }

  private describe(manifest: Manifest): Omit<BundleBuild, 'built'> {
    const bundles = new Map(Object.entries(manifest.outputs).map(([entry, hash]) => [entry, { file: path.join(this.outdir, entry, 'index.mjs'), hash }]));
    const sources = new Set(
      Object.keys(manifest.inputs)
        .filter((input) => !input.split(/[\\/]/).includes('node_modules'))
        .map((input) => path.resolve(this.options.absWorkingDir, input)),
    );
    const entriesBuiltFrom = (files: Iterable<string>): string[] => {
      const wanted = new Set([...files].map((file) => path.relative(this.options.absWorkingDir, file)));
      return Object.entries(manifest.entryInputs)
        .filter(([, inputs]) => inputs.some((input) => wanted.has(input)))
        .map(([entry]) => entry);
    };
    return { bundles, sources, entriesBuiltFrom };
  }
}
