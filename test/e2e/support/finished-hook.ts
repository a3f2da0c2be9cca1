/**
 * A setup file of the projects whose runtime is served on demand (runtime-on-demand.ts): tells it
 * that this file has finished, so that it stops once they all have. A setup file, so that no test
 * file can forget; its afterAll runs after the file's own.
 */
import { afterAll, inject } from 'vitest';

afterAll(async () => {
  const provided = inject('onDemandRuntime');
  if (provided) await fetch(`${provided.control}/finished`, { method: 'POST' });
});
