import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { GRANTED, setup } from '../../e2e/support/runtime-turns';
import { interleave } from '../../support/own-runtime-sequencer';

describe('the order of the test files', () => {
  const seconds: Record<string, number> = { own80: 80, own20: 20, own5: 5, u10: 10, u30: 30, u50: 50, u3: 3, u1: 1 };

  it('follows each own-runtime file with other files worth about its expected time', () => {
    const order = interleave(['own80', 'own20', 'own5'], ['u50', 'u30', 'u10', 'u3', 'u1'], (f) => seconds[f]!);
    expect(order).toEqual(['own80', 'u50', 'u30', 'own20', 'u10', 'u3', 'u1', 'own5']);
  });

  it('keeps every file exactly once, whatever runs out first', () => {
    expect(interleave(['a', 'b'], [], () => 10)).toEqual(['a', 'b']);
    expect(interleave([], ['x', 'y'], () => 10)).toEqual(['x', 'y']);
    expect(interleave(['a'], ['x', 'y', 'z'], () => 1)).toEqual(['a', 'x', 'y', 'z']);
  });
});

describe('the runtime turn server', () => {
  const provided: Record<string, unknown> = {};
  const project = { provide: (key: string, value: unknown) => (provided[key] = value) } as unknown as Parameters<typeof setup>[0];

  const ask = (port: number) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    let data = '';
    const granted = new Promise<void>((resolve) => socket.on('data', (chunk: string) => (data += chunk) === GRANTED && resolve()));
    const isGranted = () => data === GRANTED;
    return { socket, granted, isGranted };
  };

  it('grants one turn at a time, in order, and the next when the holder goes away, even by dying', async () => {
    const teardown = await setup(project);
    try {
      const port = provided.runtimeTurnsPort as number;
      const first = ask(port);
      await first.granted;
      const second = ask(port);
      const third = ask(port);
      // The second asked first, so it is next; neither may start while the first holds the turn.
      await new Promise((resolve) => second.socket.once('connect', resolve));
      await new Promise((resolve) => third.socket.once('connect', resolve));
      expect(second.isGranted() || third.isGranted()).toBe(false);
      first.socket.end();
      await second.granted;
      expect(third.isGranted()).toBe(false);
      second.socket.destroy(); // as when the worker holding the turn is killed
      await third.granted;
      third.socket.end();
    } finally {
      await teardown();
    }
  });
});
