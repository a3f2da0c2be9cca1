import { defineConfig } from 'vitest/config';

/**
 * End-to-end files that need no flags of their own share one local runtime (its logs under a
 * directory of its own), served by the e2e-shared project's global set-up; they run beside the
 * unit files. Every other e2e file runs one at a time, after the unit files (e2e-own and e2e-scaled
 * have a higher sequence.groupOrder, and no file parallelism), so that their runtimes never compete
 * with each other or with CDK synths for the two cores. (Running them beside the unit files, taking
 * turns, was tried: under that contention the suite took longer, and the crash-recovery test's
 * orders met busy function instances.)
 */
const SHARED_RUNTIME_FILES = [
  'test/e2e/api-guarantees.test.ts',
  'test/e2e/correlation.test.ts',
  'test/e2e/gateway.test.ts',
  'test/e2e/live.test.ts',
  'test/e2e/loopback.test.ts',
  'test/e2e/order-flow.test.ts',
  'test/e2e/typescript-client.test.ts',
  'test/e2e/web-app.test.ts',
];
/**
 * Files that need the same flags of their own (consumer queues' visibility timeouts scaled down,
 * so that a failing message reaches its DLQ in seconds) share one runtime too, started when the
 * first of them asks for it. They run one at a time, after the others (a higher groupOrder): never
 * beside each other, since they count dead-letter queues and `npm run dlq redrive` moves a whole
 * queue, and back to back, so that their runtime does not idle while other files run.
 */
const SCALED_RUNTIME_FILES = ['test/e2e/dlq-tooling.test.ts', 'test/e2e/event-delivery.test.ts'];
/** Starts the project's shared runtime when a file needs it, and stops it once every file has finished. */
const RUNTIME_HOOKS = 'test/e2e/support/runtime-on-demand-hooks.ts';
const REGISTRY = 'test/e2e/support/runtime-registry.ts';

/**
 * These unit files run without isolation: each worker imports aws-cdk-lib, the declaration and
 * the document builders once for all of them instead of once per file, which more than halves
 * their CPU time. Handler and wrapper tests stay isolated: they set environment before their
 * modules load, or capture what a module-level logger prints.
 */
const SHARED_MODULE_FILES = ['test/infra/**', 'test/bench/**', 'test/unit/{app,asyncapi,openapi,docs,gateway,clients,local}/**'].map((glob) => `${glob}/*.test.ts`);

export default defineConfig({
  test: {
    // Every problem a test receives must be of a catalogued type.
    setupFiles: ['test/support/catalogued-problems.ts'],
    // The JSON report gives .ci/run its closing "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Two cores: more workers than that only adds contention (CDK synth and e2e runtimes are CPU-heavy).
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', ...SHARED_MODULE_FILES] } },
      { extends: true, test: { name: 'unit-shared-modules', include: SHARED_MODULE_FILES, isolate: false } },
      {
        extends: true,
        test: { name: 'e2e-shared', include: SHARED_RUNTIME_FILES, setupFiles: [RUNTIME_HOOKS], globalSetup: [REGISTRY, 'test/e2e/support/shared-runtime.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e-scaled',
          include: SCALED_RUNTIME_FILES,
          setupFiles: [RUNTIME_HOOKS],
          globalSetup: [REGISTRY, 'test/e2e/support/scaled-runtime.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e-own',
          include: ['test/e2e/**/*.test.ts'],
          exclude: [...SHARED_RUNTIME_FILES, ...SCALED_RUNTIME_FILES],
          globalSetup: [REGISTRY],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
