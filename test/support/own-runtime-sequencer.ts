/**
 * Orders the test files so that those which start their own local runtime (project e2e-own) are
 * spread among the others instead of queued together. They take turns (one-runtime-at-a-time.ts):
 * two of them picked up at once by vitest's two workers would leave one worker idle until the
 * other's runtime stops. So after each such file come enough other files to keep the second
 * worker busy for about as long as that file is expected to take.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const OWN_RUNTIME_PROJECT = 'e2e-own';

/**
 * Seconds a file is expected to take when no previous run on this checkout recorded it (a fresh
 * clone in CI): an own-runtime file takes tens of seconds, most others a few.
 */
const FIRST_RUN_ESTIMATE_S = { ownRuntime: 30, other: 6 } as const;

/**
 * What cached durations leave out: a unit file's import (about 5 s of a worker's time on average
 * in a whole run on this 2-core machine: 580 worker-seconds for 90 files whose tests take 90 s),
 * and an own-runtime file's start of its runtime.
 */
const UNCACHED_OVERHEAD_S = { ownRuntime: 8, other: 5 } as const;

export class OwnRuntimeSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isOwn = (spec: TestSpecification): boolean => spec.project.name === OWN_RUNTIME_PROJECT;
    return interleave(
      sorted.filter(isOwn),
      sorted.filter((spec) => !isOwn(spec)),
      (spec) => this.expectedSeconds(spec),
    );
  }

  private expectedSeconds(spec: TestSpecification): number {
    const key = `${spec.project.name}:${spec.moduleId.slice(this.ctx.config.root.length + 1)}`;
    const kind = spec.project.name === OWN_RUNTIME_PROJECT ? 'ownRuntime' : 'other';
    const durationMs = this.ctx.cache.getFileTestResults(key)?.duration;
    return durationMs === undefined ? FIRST_RUN_ESTIMATE_S[kind] : durationMs / 1000 + UNCACHED_OVERHEAD_S[kind];
  }
}

/** Each own-runtime file, then other files worth about its expected time, and so on. */
export const interleave = <T>(own: T[], others: T[], expectedSeconds: (file: T) => number): T[] => {
  const order: T[] = [];
  const rest = [...others];
  for (const file of own) {
    order.push(file);
    let cover = expectedSeconds(file);
    while (cover > 0 && rest.length > 0) {
      const other = rest.shift()!;
      order.push(other);
      cover -= expectedSeconds(other);
    }
  }
  return [...order, ...rest];
};
