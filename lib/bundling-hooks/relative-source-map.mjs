// Run by the CDK after esbuild has bundled a function (lib/bundling.ts, afterBundling hook):
//   node relative-source-map.mjs <asset output dir> <project root>
// esbuild writes each source map's `sources` relative to the output directory, which the CDK
// puts under wherever `cdk.out` is (a temporary directory in tests, another path on each CI
// runner). The map then differs between checkouts and so does the asset hash. This rewrites
// every `sources` entry relative to the project root (a package's files as `node_modules/...`,
// wherever that directory really is), so the asset is a function of the commit alone.
// Plain JavaScript: it runs under `node` with no loader, once per function.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [outputDir, projectRoot] = process.argv.slice(2);
if (!outputDir || !projectRoot) throw new Error('usage: relative-source-map.mjs <output dir> <project root>');

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
const toPosix = (file) => file.split(path.sep).join('/');

const portable = (source) => {
  const absolute = path.resolve(outputDir, source);
  const fromRoot = path.relative(projectRoot, absolute);
  if (!fromRoot.startsWith('..') && !path.isAbsolute(fromRoot)) return toPosix(fromRoot);
  // A package resolved outside the root (a symlinked or hoisted node_modules): where it lives is
  // no part of what the function runs.
  const packages = absolute.indexOf(NODE_MODULES);
  if (packages >= 0) return toPosix(absolute.slice(packages + 1));
  throw new Error(`${source} in a source map of ${outputDir} is outside ${projectRoot} and every node_modules`);
};

for (const file of readdirSync(outputDir).filter((name) => name.endsWith('.map'))) {
  const mapPath = path.join(outputDir, file);
  const map = JSON.parse(readFileSync(mapPath, 'utf8'));
  map.sources = map.sources.map(portable);
  delete map.sourceRoot;
  writeFileSync(mapPath, JSON.stringify(map));
}
