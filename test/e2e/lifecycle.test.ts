/**
 * `npm start` as a process: it stops cleanly on SIGTERM and on Ctrl-C, every time, leaving nothing
 * behind; a kill -9 leaves no DynamoDB Local running for long, nor lets the next start share its
 * database; and it refuses to start with one clear sentence and a non-zero exit, never a stack
 * trace, when it cannot.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, unique } from './support/api-client';
import { clientWithToken, expectOk, signIn } from './support/client';
import { descendantsOf, freePort, isAlive, runUntilExit, startLocalRuntime, type RunningRuntime, type StartOptions } from './support/local-runtime';

const STACK_FRAME = /^\s+at\s/m;

const commandOf = (pid: number): string => {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

describe('the local runtime as a process', { timeout: 120_000 }, () => {
  let scratch: string;
  const running: RunningRuntime[] = [];

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'local-runtime-e2e-'));
  });
  afterAll(async () => {
    // Whatever a failed test left running is stopped (a no-op for those already stopped).
    await Promise.allSettled(running.map((runtime) => runtime.stop()));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const javaAmong = (pids: number[]): number[] => pids.filter((pid) => /\bjava\b/.test(commandOf(pid)));

  /** Stops a runtime the given way and checks it exits 0 and leaves none of its processes behind. */
  const stopsCleanly = async (how: (runtime: RunningRuntime) => Promise<number | null>, options: StartOptions = {}): Promise<void> => {
    const runtime = await startLocalRuntime(options);
    running.push(runtime);
    const descendants = descendantsOf(runtime.child.pid!);
    // The check below has teeth only if there was something to leave behind: DynamoDB Local's JVM.
    expect(descendants.map(commandOf).some((command) => /\bjava\b/.test(command)), `descendants: ${descendants.map(commandOf).join(' | ')}`).toBe(true);

    const code = await how(runtime);

    expect(code, runtime.output().slice(-2000)).toBe(0);
    expect(runtime.output()).not.toMatch(/While stopping|exited unexpectedly/);
    // Exit is not instant for grandchildren: give them a moment, then none may be left.
    const alive = await eventually(
      async () => descendants.filter(isAlive),
      (pids) => pids.length === 0,
      { timeoutMs: 5_000, what: 'every descendant to be gone' },
    ).catch(() => descendants.filter(isAlive));
    expect(alive.map((pid) => `${pid}: ${commandOf(pid)}`)).toEqual([]);
  };

  // Each start costs a JVM boot, so the tests below share starts where their subjects allow: five
  // Ctrl-C stops on one data directory also show it keeps data and signing key across restarts, and
  // the kill -9 test also checks a refused second run and a clean SIGTERM stop. The refusals that
  // follow them start no JVM and share nothing (a port, a PATH of their own): they run at once, after
  // the stops, which have the cores to themselves for their five-second deadline.

  it('exits 0 on Ctrl-C five times in a row, each time leaving no process and no lock behind, and keeps its data and signing key across them', async () => {
    const dataDir = path.join(scratch, 'ctrl-c');
    let kept: { token: string; productId: string } | undefined;
    for (let run = 1; run <= 5; run += 1) {
      await stopsCleanly(
        async (runtime) => {
          if (!kept) {
            const admin = await signIn(runtime.url, unique('admin'), { groups: ['admin'] });
            const product = expectOk(await admin.createProduct({ name: unique('kept'), priceCents: 100, stock: 7 }), 201);
            kept = { token: admin.token, productId: product.id };
          } else {
            // The token from the first run still verifies: the key lives in the data directory.
            const read = expectOk(await clientWithToken(runtime.url, kept.token).getProduct(kept.productId));
            expect(read, `run ${run}`).toMatchObject({ id: kept.productId, stock: 7 });
          }
          return runtime.interrupt();
        },
        { inMemory: false, args: ['--data-dir', dataDir] },
      );
      expect(fs.existsSync(path.join(dataDir, 'local.lock')), `the lock after run ${run}`).toBe(false);
    }
  });

  it('refuses a data directory in use, naming its pid; after a kill -9, DynamoDB Local exits by itself and the next start opens the database only once it is gone; SIGTERM then stops it cleanly', async () => {
    const dataDir = path.join(scratch, 'killed');
    const first = await startLocalRuntime({ inMemory: false, args: ['--data-dir', dataDir] });
    running.push(first);
    const admin = await signIn(first.url, unique('admin'), { groups: ['admin'] });
    const product = expectOk(await admin.createProduct({ name: unique('survivor'), priceCents: 100, stock: 3 }), 201);
    const [java] = javaAmong(descendantsOf(first.child.pid!));
    expect(java, 'the first run\'s DynamoDB Local').toBeDefined();

    const refused = await runUntilExit({ inMemory: false, args: ['--data-dir', dataDir] });
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain(`The data directory ${dataDir} is in use by another local runtime (pid ${first.child.pid})`);
    expect(refused.output).toMatch(/--in-memory or --data-dir/);
    expect(refused.output).not.toMatch(STACK_FRAME);
    // The refused run did not take the directory from the first one.
    expect(fs.existsSync(path.join(dataDir, 'local.lock'))).toBe(true);

    process.kill(first.child.pid!, 'SIGKILL');
    await stopsCleanly(
      async (second) => {
        // By the time the second run serves, the first one's JVM no longer holds the database.
        expect(isAlive(java!), `pid ${java}: ${commandOf(java!)}`).toBe(false);
        expectOk(await clientWithToken(second.url, admin.token).getProduct(product.id));
        return second.stop();
      },
      { inMemory: false, args: ['--data-dir', dataDir] },
    );
    expect(fs.existsSync(path.join(dataDir, 'local.lock'))).toBe(false);
  });

  it.concurrent('refuses a port in use with a clear message', async ({ expect }) => {
    const port = await freePort();
    const occupier: Server = createServer();
    await new Promise<void>((resolve, reject) => occupier.once('error', reject).listen(port, '127.0.0.1', resolve));
    try {
      const run = await runUntilExit({ port });

      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain(`Port ${port} on 127.0.0.1 is already in use.`);
      expect(run.output).toMatch(/--port/);
      expect(run.output).not.toMatch(STACK_FRAME);
    } finally {
      await new Promise((resolve) => occupier.close(resolve));
    }
  });

  it.concurrent('explains how to install Java when there is none', async ({ expect }) => {
    const emptyBin = fs.mkdtempSync(path.join(scratch, 'no-java-'));

    const run = await runUntilExit({ env: { PATH: emptyBin } });

    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/Java was not found on the PATH; DynamoDB Local needs Java 17 or newer/);
    expect(run.output).toMatch(/Install a Java runtime/);
    expect(run.output).not.toMatch(STACK_FRAME);
  });

  it.concurrent('explains that a Java older than 17 will not do', async ({ expect }) => {
    const oldJavaBin = fs.mkdtempSync(path.join(scratch, 'old-java-'));
    fs.writeFileSync(path.join(oldJavaBin, 'java'), '#!/bin/sh\necho \'java version "1.8.0_392"\' >&2\n', { mode: 0o755 });

    const run = await runUntilExit({ env: { PATH: `${oldJavaBin}:/usr/bin:/bin` } });

    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/needs Java 17 or newer; found Java 8/);
    expect(run.output).not.toMatch(STACK_FRAME);
  });
});
