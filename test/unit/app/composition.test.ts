import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { OrderPlaced } from '../../../lambdas/orders/events';
import { defineService, eventsOf, type ServiceContract } from '../../../lambdas/shared/contract';
import { app, services } from '../../../lib/app';
import { composeApp, type AppSettings } from '../../../lib/compose';
import { socketFunctions } from '../../../lib/declaration';

const settings: AppSettings = { name: app.name, relay: app.relay };
const response = z.object({});
const route = { version: 'v1', method: 'GET', path: '/probes', handler: 'x.ts', callers: 'signed in', summary: 's', successStatus: 200, response } as const;
const consumer = { handler: 'c.ts', batchSize: 1, maxBatchingWindowSeconds: 0, maxConcurrency: 1, timeoutSeconds: 30, maxReceiveCount: 5 } as const;
const probes = (overrides: Partial<ServiceContract> = {}): ServiceContract =>
  defineService({ name: 'probes', table: { gsi1: false }, events: [], routes: {}, consumers: {}, ...overrides });

describe('the composition of the services', () => {
  it('derives every table, route, event and consumer from the contracts', () => {
    expect(Object.keys(app.tables).sort()).toEqual(services.filter((service) => 'table' in service).map((service) => service.name).sort());
    expect(app.routes.map((r) => r.id).sort()).toEqual(services.flatMap((service) => Object.keys(service.routes)).sort());
    expect(Object.keys(app.events).sort()).toEqual(services.flatMap((service) => service.events.map((event) => event.type)).sort());
    expect(app.consumers.map((c) => c.name).sort()).toEqual(services.flatMap((service) => Object.keys(service.consumers)).sort());
  });

  it('refuses a route granted a table that no service owns', () => {
    const miswired = probes({ routes: { listProbes: { ...route, access: { review: ['Query'] } } } });
    expect(() => composeApp([...services, miswired], settings)).toThrow(/listProbes of probes declares access to the review table, but no service owns/);
  });

  it('refuses a consumer subscribed to an event no service of the application produces', () => {
    const ProbeSent = eventsOf('elsewhere')('ProbeSent', { version: 1, description: 'd', data: z.strictObject({}) });
    const miswired = probes({ consumers: { probes: { ...consumer, events: [ProbeSent], access: {} } } });
    expect(() => composeApp([...services, miswired], settings)).toThrow(/subscribes to ProbeSent, which no service of the application produces/);
  });

  it('refuses an event listed by a service other than its source', () => {
    expect(() => composeApp([...services, probes({ events: [OrderPlaced] })], settings)).toThrow(/Event types must be unique: OrderPlaced/);
    const stray = eventsOf('orders')('OrderArchived', { version: 1, description: 'd', data: z.strictObject({}) });
    expect(() => composeApp([...services, probes({ events: [stray] })], settings)).toThrow(/OrderArchived is listed by probes but declared with source orders/);
  });

  it('refuses two routes on one method and path, and two routes of one id', () => {
    const twice = probes({ routes: { getHealth: { ...route, access: {} } } });
    expect(() => composeApp([...services, twice], settings)).toThrow(/Route ids must be unique: getHealth/);
    const samePath = probes({ routes: { listProbes: { ...route, path: '/health', access: {} } } });
    expect(() => composeApp([...services, samePath], settings)).toThrow(/Routes must be unique: GET \/v1\/health/);
  });

  it('refuses events declared by a service whose table has no outbox, or that owns no table', () => {
    const ProbeSent = eventsOf('probes')('ProbeSent', { version: 1, description: 'd', data: z.strictObject({}) });
    const withoutOutbox = probes({ table: { gsi1: false, outbox: false }, events: [ProbeSent] });
    expect(() => composeApp([...services, withoutOutbox], settings)).toThrow(/probes declares events \(ProbeSent\) but its table declares outbox: false/);
    const { table: _table, ...tableless } = probes({ events: [ProbeSent] });
    expect(() => composeApp([...services, tableless], settings)).toThrow(/probes declares events but owns no table/);
    expect(composeApp([...services, probes({ table: { gsi1: false, outbox: true }, events: [ProbeSent] })], settings).events).toHaveProperty('ProbeSent');
    expect(composeApp([...services, probes({ table: { gsi1: false, outbox: false } })], settings).tables).toHaveProperty('probes');
  });

  it('refuses a consumer in a service that owns no table', () => {
    const { table: _table, ...tableless } = probes({ consumers: { probes: { ...consumer, events: [OrderPlaced], access: {} } } });
    expect(() => composeApp([...services, tableless], settings)).toThrow(/probes, which owns no table/);
  });

  describe('the socket', () => {
    const fn = { handler: 's.ts', access: {} };
    const probeSocket = { version: 'v1', path: '/probes-live', summary: 's', authorizer: fn, routes: { $connect: fn, $disconnect: fn, $default: fn } } as const;

    it('is derived from the one service that declares it, with its four functions', () => {
      expect(app.socket?.service).toBe('live');
      expect(socketFunctions(app.socket).map((declared) => [declared.id, declared.role])).toEqual([
        ['liveAuthorizer', 'authorizer'],
        ['liveConnect', '$connect'],
        ['liveDisconnect', '$disconnect'],
        ['liveDefault', '$default'],
      ]);
    });

    it('refuses a second socket in the application', () => {
      expect(() => composeApp([...services, probes({ socket: probeSocket })], settings)).toThrow(/At most one service may declare a socket: live, probes/);
    });

    it('refuses a consumer that posts to a socket its service does not declare', () => {
      const miswired = probes({ consumers: { probes: { ...consumer, events: [OrderPlaced], access: {}, postsToSocket: true } } });
      expect(() => composeApp([...services, miswired], settings)).toThrow(/Consumer probes of probes posts to its service's socket, but probes declares none/);
    });

    it('refuses a socket function granted a table that no service owns', () => {
      const others = services.filter((service) => service.name !== 'live');
      const miswired = probes({ socket: { ...probeSocket, routes: { ...probeSocket.routes, $connect: { handler: 'c.ts', access: { sessions: ['PutItem'] } } } } });
      expect(() => composeApp([...others, miswired], settings)).toThrow(/Socket function \$connect of probes declares access to the sessions table/);
    });
  });
});
