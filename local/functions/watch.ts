/**
 * `npm start -- --watch` (`npm run dev`): a saved change to a function's source rebuilds the
 * bundles built from that file (each in its own incremental esbuild context) and gives the
 * functions whose bundle changed new instances; invocations in progress finish on the code they started with. A change to what the
 * runtime itself read at start (lib/app.ts and the contracts it composes) cannot be applied to
 * running gateways, queues and tables: the runtime says a restart is needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import type { RuntimeLog } from '../log';
import type { BundleBuild, BundleSet } from './bundles';
import type { FunctionPool } from './function-pool';

/** Editors save in several writes (and rename tricks): one rebuild per burst of events. */
const SETTLE_MS = 100;

export interface WatchDeps {
  readonly root: string;
  /** The directories whose files may be sources (watched recursively). */
  readonly directories: readonly string[];
  readonly functions: BundleSet;
  readonly initial: BundleBuild;
  readonly pools: readonly FunctionPool[];
  /** The bundle entry of a pool's function. */
  readonly entryOf: (pool: FunctionPool) => string;
  /** The module the runtime's wiring is read from (lib/app.ts). */
  readonly declaration: string;
  readonly log: RuntimeLog;
}

export interface Watcher {
  close(): Promise<void>;
}

/** Every local source file `entry` imports, as the runtime loaded it at start. */
const sourcesOf = async (entry: string, root: string): Promise<Set<string>> => {
  const result = await build({ entryPoints: [entry], absWorkingDir: root, bundle: true, platform: 'node', format: 'esm', packages: 'external', metafile: true, write: false, logLevel: 'silent' });
  return new Set(Object.keys(result.metafile.inputs).map((input) => path.resolve(root, input)));
};

export const watchFunctions = async (deps: WatchDeps): Promise<Watcher> => {
  const declarationSources = await sourcesOf(deps.declaration, deps.root);
  let current = deps.initial;
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const apply = async (changed: Set<string>): Promise<void> => {
    const relevant = [...changed].filter((file) => current.sources.has(file));
    const affected = current.entriesBuiltFrom(relevant);
    const declared = [...changed].filter((file) => declarationSources.has(file));
    if (declared.length > 0) {
      deps.log.warn(
        `${declared.map((file) => path.relative(deps.root, file)).join(', ')} changed: routes, tables, queues and settings are read at start. Restart (Ctrl+C, then npm run dev) to apply them.`,
      );
    }
    if (affected.length === 0) return;
    const savedAt = performance.now();
    let next: BundleBuild;
    try {
      next = await deps.functions.rebuildEntries(affected);
    } catch (error) {
      // esbuild has printed the error with its location; the old code keeps serving.
      deps.log.warn(`Rebuild failed, still serving the previous code: ${(error as Error).message.split('\n')[0]}`);
      return;
    }
    const replaced: string[] = [];
    for (const pool of deps.pools) {
      const entry = deps.entryOf(pool);
      const bundle = next.bundles.get(entry);
      if (!bundle || bundle.hash === current.bundles.get(entry)?.hash) continue;
      pool.replaceCode(bundle.file);
      replaced.push(pool.fn.name);
    }
    current = next;
    const took = Math.round(performance.now() - savedAt);
    deps.log.info(
      replaced.length > 0
        ? `Rebuilt in ${took} ms (${relevant.map((file) => path.relative(deps.root, file)).join(', ')}): new code for ${replaced.join(', ')}.`
        : `Rebuilt in ${took} ms: no function's code changed.`,
    );
  };

  const onChange = (directory: string) => (_event: string, name: string | Buffer | null): void => {
    if (name === null) return;
    pending.add(path.resolve(directory, name.toString()));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = pending;
      pending = new Set();
      running = running.then(() => apply(changed));
    }, SETTLE_MS);
  };
  const watchers = deps.directories.map((directory) => fs.watch(directory, { recursive: true }, onChange(directory)));

  return {
    close: async () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      await running;
    },
  };
};
