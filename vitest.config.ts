import { defineConfig } from 'vitest/config';
import { OwnRuntimeSequencer } from './test/support/own-runtime-sequencer.ts';

/**
 * End-to-end files that need no flags of their own share one local runtime, started by the
 * e2e-shared project's global set-up. Every other e2e file starts its own; those take turns
 * (test/e2e/support/runtime-turns.ts), so that two of their runtimes never compete for a busy
 * machine's two cores, and run beside the unit files, whose CPU-bound work fills the time the
 * end-to-end tests spend waiting. (`fileParallelism: false` would serialise them too, but vitest
 * then runs them after every other file, which made the suite about four minutes longer.)
 */
const SHARED_RUNTIME_FILES = [
  'test/e2e/api-guarantees.test.ts',
  'test/e2e/loopback.test.ts',
  'test/e2e/order-flow.test.ts',
  'test/e2e/typescript-client.test.ts',
  'test/e2e/web-app.test.ts',
];
const REGISTRY = 'test/e2e/support/runtime-registry.ts';

export default defineConfig({
  test: {
    // Every problem a test receives must be of a catalogued type.
    setupFiles: ['test/support/catalogued-problems.ts'],
    sequence: { sequencer: OwnRuntimeSequencer },
    // The JSON report gives .ci/run its closing "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Two cores: more workers than that only adds contention (CDK synth and e2e runtimes are CPU-heavy).
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'] } },
      { extends: true, test: { name: 'e2e-shared', include: SHARED_RUNTIME_FILES, globalSetup: [REGISTRY, 'test/e2e/support/shared-runtime.ts'] } },
      {
        extends: true,
        test: {
          name: 'e2e-own',
          include: ['test/e2e/**/*.test.ts'],
          exclude: SHARED_RUNTIME_FILES,
          globalSetup: [REGISTRY, 'test/e2e/support/runtime-turns.ts'],
          // Added to the root's set-up files (vitest concatenates them).
          setupFiles: ['test/e2e/support/one-runtime-at-a-time.ts'],
        },
      },
    ],
  },
});
