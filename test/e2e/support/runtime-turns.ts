/**
 * Global set-up of the e2e-own project: hands out turns to start a local runtime, one file at a
 * time, in the order they ask. Those files run beside the unit files (vitest.config.ts), so two
 * workers may hold one each; the second waits here instead of starting a second runtime that
 * would fight the first for a 2-core machine.
 *
 * A turn is a TCP connection to this server: it is granted with one line, and it ends when the
 * connection closes, which also happens when the worker holding it dies, so a crashed file can
 * never keep the others waiting.
 */
import net from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The port of the turn server; absent outside the e2e-own project. */
    runtimeTurnsPort?: number;
  }
}

export const GRANTED = 'your turn\n';

export const setup = async (project: TestProject): Promise<() => Promise<void>> => {
  const waiting: net.Socket[] = [];
  let holder: net.Socket | undefined;
  const grantNext = (): void => {
    while (holder === undefined && waiting.length > 0) {
      const next = waiting.shift()!;
      if (next.destroyed) continue;
      holder = next;
      next.write(GRANTED);
    }
  };
  const server = net.createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (holder === socket) holder = undefined;
      grantNext();
    });
    waiting.push(socket);
    grantNext();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  project.provide('runtimeTurnsPort', (server.address() as net.AddressInfo).port);
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of [holder, ...waiting]) socket?.destroy();
      server.close(() => resolve());
    });
};
