/**
 * Set-up file of the e2e-own project: each file waits for its turn (runtime-turns.ts) before its
 * own hooks start a runtime, and gives the turn back after its own hooks have stopped it (vitest
 * runs "after" hooks in reverse order of registration, and these are registered first).
 */
import net from 'node:net';
import { afterAll, beforeAll, inject } from 'vitest';
import { GRANTED } from './runtime-turns';

/** Longer than every other such file takes together: a turn that never comes is a bug to report. */
const TURN_DEADLINE_MS = 8 * 60_000;

let turn: net.Socket | undefined;

const waitForTurn = (port: number): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received === GRANTED) resolve(socket);
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('The runtime turn server closed the connection before granting a turn')));
  });

beforeAll(async () => {
  const port = inject('runtimeTurnsPort');
  if (port === undefined) throw new Error('one-runtime-at-a-time.ts needs the runtime-turns.ts global set-up (vitest.config.ts)');
  turn = await waitForTurn(port);
}, TURN_DEADLINE_MS);

afterAll(() => {
  turn?.destroy();
});
