/**
 * `npm run fuzz -- --runs 2000 --seed 7`: the fuzz suite (test/fuzz/) for as long as asked,
 * against a local runtime of its own (in memory). Prints progress as it goes and, on a failure,
 * the shrunk request with the seed and path that replay it alone (`--seed S --path P`).
 */
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../test/e2e/support/local-runtime';
import { FUZZ_RUNTIME_ENV, runFuzz } from '../test/fuzz/fuzz';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    'invalid-runs': { type: 'string' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    path: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run fuzz -- [--runs N] [--invalid-runs N] [--seed S] [--path P]\n  --runs: requests of any kind (default 1000)\n  --invalid-runs: invalid requests whose effect is read back (default runs / 3)\n  --seed, --path: replay a run, or one failing case of it');
  process.exit(0);
}
const runs = Number(values.runs);
const invalidRuns = values['invalid-runs'] === undefined ? Math.ceil(runs / 3) : Number(values['invalid-runs']);
const seed = Number(values.seed);
if (![runs, invalidRuns, seed].every(Number.isInteger)) {
  console.error('--runs, --invalid-runs and --seed take integers');
  process.exit(2);
}

console.log(`Fuzzing with seed ${seed}: ${runs} requests of any kind, then ${invalidRuns} invalid ones read back. Starting a local runtime...`);
const runtime = await startLocalRuntime({ env: FUZZ_RUNTIME_ENV });
const startedAt = Date.now();
let exitCode = 0;
try {
  const report = await runFuzz({
    url: runtime.url,
    runs,
    invalidRuns,
    seed,
    path: values.path,
    onRequest: (sent, request, status) => {
      if (sent % 100 === 0) console.log(`  ${sent} requests (${((Date.now() - startedAt) / 1000).toFixed(0)} s), last: ${request.method} ${request.url.slice(0, 60)} -> ${status}`);
    },
  });
  console.log(`Passed: ${report.requests} requests with seed ${seed} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s. Statuses by operation:`);
  for (const [operation, counts] of Object.entries(report.statuses)) console.log(`  ${operation.padEnd(22)} ${JSON.stringify(counts)}`);
} catch (error) {
  exitCode = 1;
  const cause = (error as Error).cause as Error | undefined;
  console.error(`\nFailed (seed ${seed}):\n${(error as Error).message}${cause ? `\n\nWhy:\n${cause.message}` : ''}`);
} finally {
  await runtime.stop();
}
process.exit(exitCode);
