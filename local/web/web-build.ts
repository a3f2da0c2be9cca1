/**
 * Builds the web app (clients/web) with Vite when its built copy is missing or stale, and in watch
 * mode rebuilds it on every change (`npm run dev`). A build is stale when any of its inputs differ
 * from those of the build in clients/web/dist (a hash of their contents, so a checkout that only
 * touches modification times rebuilds nothing): `npm start` and the browser tests reuse it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../lib/paths';

const WEB_APP_ROOT = path.join(repoRoot, 'clients/web');
export const WEB_APP_DIST = path.join(WEB_APP_ROOT, 'dist');
const VITE_CONFIG = path.join(WEB_APP_ROOT, 'vite.config.ts');
const STAMP = '.inputs-sha256';

/** What a build is made from: the app, the client package it is built on, and the locked dependencies. */
const INPUTS = ['clients/web/src', 'clients/web/index.html', 'clients/web/vite.config.ts', 'clients/typescript/src', 'clients/typescript/package.json', 'package-lock.json'];

const filesUnder = async (absolute: string): Promise<string[]> => {
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) return [];
  if (stat.isFile()) return [absolute];
  const entries = await fs.readdir(absolute, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
};

/** The hash of every input's path and contents. */
const webAppInputsHash = async (): Promise<string> => {
  const files = (await Promise.all(INPUTS.map((input) => filesUnder(path.join(repoRoot, input))))).flat().sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(repoRoot, file)).update('\0').update(await fs.readFile(file)).update('\0');
  return hash.digest('hex');
};

const builtHash = async (): Promise<string | undefined> =>
  existsSync(path.join(WEB_APP_DIST, 'index.html')) ? fs.readFile(path.join(WEB_APP_DIST, STAMP), 'utf8').catch(() => undefined) : undefined;

export type WebBuildOutcome = 'reused' | 'built';

/**
 * Makes clients/web/dist current. The build goes to a directory of its own and replaces dist in
 * two renames, so a page being served, or another process building at the same time, never sees
 * half a build.
 */
export const ensureWebAppBuilt = async (): Promise<WebBuildOutcome> => {
  const inputs = await webAppInputsHash();
  if ((await builtHash()) === inputs) return 'reused';
  const { build } = await import('vite');
  const staging = path.join(WEB_APP_ROOT, `.dist-${randomUUID()}`);
  const retired = path.join(WEB_APP_ROOT, `.dist-old-${randomUUID()}`);
  try {
    await build({ configFile: VITE_CONFIG, build: { outDir: staging }, logLevel: 'warn' });
    await fs.writeFile(path.join(staging, STAMP), inputs);
    await fs.rename(WEB_APP_DIST, retired).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    // Another process may have put its own (identical) build in place meanwhile: keep that one.
    await fs.rename(staging, WEB_APP_DIST).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await Promise.all([staging, retired].map((dir) => fs.rm(dir, { recursive: true, force: true })));
  }
  return 'built';
};

export interface WebAppWatcher {
  close(): Promise<void>;
}

/** Rebuilds clients/web/dist on every change to the app's sources; `onBuilt` after each build, `onError` when one fails. */
export const watchWebApp = async (onBuilt: () => void, onError: (message: string) => void): Promise<WebAppWatcher> => {
  const { build } = await import('vite');
  const watcher = await build({ configFile: VITE_CONFIG, build: { watch: {} }, logLevel: 'warn' });
  if (!('on' in watcher)) throw new Error('Vite did not start a watcher');
  watcher.on('event', (event) => {
    if (event.code === 'BUNDLE_END') void event.result.close();
    if (event.code === 'END') {
      // The watch build is the build: a later plain npm start need not redo it.
      void webAppInputsHash()
        .then((hash) => fs.writeFile(path.join(WEB_APP_DIST, STAMP), hash))
        .then(onBuilt, (error: Error) => onError(error.message));
    }
    if (event.code === 'ERROR') onError(event.error.message);
  });
  return { close: () => watcher.close() };
};
