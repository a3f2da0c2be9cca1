/** The cold-start passes (Node.js 24 and the host's) run round by round, not one after the other. */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsStub } from '../../bench/cold-start/aws-stub';
import { FLOOR_HANDLER, measureColdStarts, type ColdTarget } from '../../bench/cold-start/cold-init';

describe('measureColdStarts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cold-interleave-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('interleaves its passes round by round, each with its own floors, and reports one result per pass', async () => {
    const log = path.join(dir, 'order.log');
    // Two "binaries": each logs its pass and the function it starts, then runs this Node.js.
    const binary = async (pass: string): Promise<string> => {
      const file = path.join(dir, `node-${pass}`);
      await writeFile(file, `#!/bin/sh\necho "${pass} $4" >> "${log}"\nexec "${process.execPath}" "$@"\n`);
      await chmod(file, 0o755);
      return file;
    };
    const caFile = path.join(dir, 'ca.pem');
    await writeFile(caFile, '');
    const stub: AwsStub = { endpoint: 'https://127.0.0.1:1', caFile, replay: () => undefined, unanswered: () => [], close: async () => undefined };
    const target = (name: string): ColdTarget => ({ name, function: name, bundle: FLOOR_HANDLER, event: {}, dynamodb: [], env: { PATH: process.env.PATH ?? '' }, memoryMb: 128, expectedOutcome: '200' });
    const { expectedOutcome: _none, ...floor } = target('floor');

    const results = await measureColdStarts(
      { passes: [{ node: await binary('a'), targets: [target('one'), target('two')] }, { node: await binary('b'), targets: [target('one')] }], floor, sdkFloors: [], runs: 2 },
      stub,
    );

    const order = (await readFile(log, 'utf8')).trim().split('\n');
    expect(order).toEqual(['a floor', 'a one', 'a two', 'b floor', 'b one', 'a floor', 'a one', 'a two', 'b floor', 'b one']);
    expect(results.map((result) => result.targets.map((entry) => entry.name))).toEqual([['one', 'two'], ['one']]);
    for (const result of results) {
      expect(result.floor.totalMs.n).toBe(2);
      for (const entry of result.targets) {
        expect(entry.totalMs.n).toBe(2);
        expect(entry.mismatches).toEqual([]);
      }
    }
  });
});
