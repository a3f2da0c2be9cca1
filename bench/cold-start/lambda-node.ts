/**
 * The Node.js the Lambda runtime runs the functions on (nodejs24.x), as a binary for this
 * machine: the `node-<platform>-<arch>` package of the npm registry (the binaries the `node`
 * package installs), fetched with npm itself, which checks the tarball against the registry's
 * integrity hash, and unpacked once into node_modules/.cache. Pinned: Lambda moves to a new
 * 24.x patch on its own schedule, so any recent 24.x stands for it; the report names the version.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../lib/paths';

const run = promisify(execFile);

/** The 24.x the benchmark runs; Lambda's own patch level is not published ahead of time. */
export const LAMBDA_NODE_VERSION = '24.22.3';

const packageName = (): string => `node-${os.platform()}-${os.arch()}`;
const cacheDir = (): string => path.join(repoRoot, 'node_modules', '.cache', 'bench-node', `${packageName()}-${LAMBDA_NODE_VERSION}`);

/** The binary's path, fetched from the npm registry on first use. */
export const lambdaNodeBinary = async (): Promise<string> => {
  const dir = cacheDir();
  const binary = path.join(dir, 'bin', 'node');
  if (existsSync(binary)) return binary;
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const spec = `${packageName()}@${LAMBDA_NODE_VERSION}`;
    const { stdout } = await run('npm', ['pack', spec, '--json', '--pack-destination', staging], { cwd: staging, maxBuffer: 16 * 1024 * 1024 });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    await run('tar', ['-xzf', path.join(staging, filename), '-C', staging, '--strip-components=1', 'package/bin/node']);
    const { stdout: version } = await run(path.join(staging, 'bin', 'node'), ['--version']);
    if (version.trim() !== `v${LAMBDA_NODE_VERSION}`) throw new Error(`${spec} printed ${version.trim()}`);
    await rm(path.join(staging, filename));
    // Another run may have finished first: either copy is the same package.
    if (!existsSync(binary)) await rename(staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return binary;
};
