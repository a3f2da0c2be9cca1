import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every problem a test receives must be of a catalogued type.
    setupFiles: ['test/support/catalogued-problems.ts'],
    // The JSON report gives .ci/run its closing "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Two cores: more workers than that only adds contention (CDK synth and e2e runtimes are CPU-heavy).
    maxWorkers: 2,
  },
});
