import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { app } from '../../../../lib/app';
import { LiveSocket } from '../../../../local/gateway/live-socket';
import { localApiKey, UsagePlans } from '../../../../local/gateway/usage-plans';
import type { InvocationResult } from '../../../../local/functions/function-pool';

const silent = { info: () => undefined, warn: () => undefined, functionLine: () => undefined };

/** A gateway with only the socket, whose functions are `functions` (by role): what was invoked is recorded. */
const startSocket = async (functions: Record<string, (event: any) => unknown>) => {
  const invoked: { role: string; event: any }[] = [];
  const socket = new LiveSocket({
    path: '/v1/live',
    usagePlans: new UsagePlans(app.clientApps ?? {}, {}),
    log: silent,
    invoke: async (role, event): Promise<InvocationResult> => {
      invoked.push({ role, event });
      try {
        return { ok: true, value: await functions[role]!(event) };
      } catch (error) {
        return { ok: false, error: { errorType: 'Error', errorMessage: (error as Error).message } };
      }
    },
  });
  const server = http.createServer();
  server.on('upgrade', (request, duplex, head) => void socket.upgrade(request, duplex, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ server, socket });
  return { socket, invoked, url: (query: string) => `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/live?${query}` };
};
const servers: { server: http.Server; socket: LiveSocket }[] = [];
afterEach(async () => {
  for (const { server, socket } of servers.splice(0)) {
    socket.closeAll();
    await new Promise((resolve) => server.close(resolve));
  }
});

const allow = (expiresAt: number) => () => ({ principalId: 'ada', context: { userId: 'ada', expiresAt } });
const ok = () => ({ statusCode: 200, body: '' });

describe('the local live socket', () => {
  it('closes a connection with 4001 when its token expires', async () => {
    const { url } = await startSocket({ authorizer: allow(Math.floor(Date.now() / 1000) + 1), $connect: ok, $disconnect: ok, $default: ok });
    const ws = new WebSocket(url(`token=t&apiKey=${localApiKey('web')}`));

    const code = await new Promise<number>((resolve, reject) => {
      ws.once('close', (closeCode) => resolve(closeCode));
      ws.once('error', reject);
    });

    expect(code).toBe(4001);
  });

  it("hands $connect the authorizer's context, and answers the status $connect returns (429 past the bound)", async () => {
    const { url, invoked } = await startSocket({ authorizer: allow(Math.floor(Date.now() / 1000) + 3600), $connect: () => ({ statusCode: 429, body: '' }), $disconnect: ok, $default: ok });

    const status = await new Promise<number>((resolve) => {
      new WebSocket(url(`token=t&apiKey=${localApiKey('web')}`)).once('unexpected-response', (_request, response) => resolve(response.statusCode!)).once('error', () => undefined);
    });

    expect(status).toBe(429);
    expect(invoked.find((call) => call.role === '$connect')!.event.requestContext.authorizer).toMatchObject({ userId: 'ada', principalId: 'ada' });
  });

  it('posts to an open connection and answers false for an unknown one (the stand-in then answers 410)', async () => {
    const { socket, url, invoked } = await startSocket({ authorizer: allow(Math.floor(Date.now() / 1000) + 3600), $connect: ok, $disconnect: ok, $default: ok });
    const ws = new WebSocket(url(`token=t&apiKey=${localApiKey('web')}`));
    const received = new Promise<string>((resolve) => ws.once('message', (data) => resolve(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    const connectionId = invoked.find((call) => call.role === '$connect')!.event.requestContext.connectionId as string;

    expect(socket.post(connectionId, '{"type":"OrderConfirmed"}')).toBe(true);
    expect(await received).toBe('{"type":"OrderConfirmed"}');
    expect(socket.post('no-such-connection', '{}')).toBe(false);
  });
});
