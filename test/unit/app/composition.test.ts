import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { OrderPlaced } from '../../../lambdas/orders/events';
import { defineService, eventsOf, type ServiceContract } from '../../../lambdas/shared/contract';
import { app, services } from '../../../lib/app';
import { composeApp, type AppSettings } from '../../../lib/compose';

const settings: AppSettings = { name: app.name, relay: app.relay };
const response = z.object({});
const route = { version: 'v1', method: 'GET', path: '/reviews', handler: 'x.ts', callers: 'signed in', summary: 's', successStatus: 200, response } as const;
const consumer = { handler: 'c.ts', batchSize: 1, maxBatchingWindowSeconds: 0, maxConcurrency: 1, timeoutSeconds: 30, maxReceiveCount: 5 } as const;
const reviews = (overrides: Partial<ServiceContract> = {}): ServiceContract =>
  defineService({ name: 'reviews', table: { gsi1: false }, events: [], routes: {}, consumers: {}, ...overrides });

describe('the composition of the services', () => {
  it('derives every table, route, event and consumer from the contracts', () => {
    expect(Object.keys(app.tables).sort()).toEqual(services.filter((service) => 'table' in service).map((service) => service.name).sort());
    expect(app.routes.map((r) => r.id).sort()).toEqual(services.flatMap((service) => Object.keys(service.routes)).sort());
    expect(Object.keys(app.events).sort()).toEqual(services.flatMap((service) => service.events.map((event) => event.type)).sort());
    expect(app.consumers.map((c) => c.name).sort()).toEqual(services.flatMap((service) => Object.keys(service.consumers)).sort());
  });

  it('refuses a route granted a table that no service owns', () => {
    const miswired = reviews({ routes: { listReviews: { ...route, access: { review: ['Query'] } } } });
    expect(() => composeApp([...services, miswired], settings)).toThrow(/listReviews of reviews declares access to the review table, but no service owns/);
  });

  it('refuses a consumer subscribed to an event no service of the application produces', () => {
    const ReviewPosted = eventsOf('elsewhere')('ReviewPosted', { version: 1, description: 'd', data: z.strictObject({}) });
    const miswired = reviews({ consumers: { reviews: { ...consumer, events: [ReviewPosted], access: {} } } });
    expect(() => composeApp([...services, miswired], settings)).toThrow(/subscribes to ReviewPosted, which no service of the application produces/);
  });

  it('refuses an event listed by a service other than its source', () => {
    expect(() => composeApp([...services, reviews({ events: [OrderPlaced] })], settings)).toThrow(/Event types must be unique: OrderPlaced/);
    const stray = eventsOf('orders')('OrderArchived', { version: 1, description: 'd', data: z.strictObject({}) });
    expect(() => composeApp([...services, reviews({ events: [stray] })], settings)).toThrow(/OrderArchived is listed by reviews but declared with source orders/);
  });

  it('refuses two routes on one method and path, and two routes of one id', () => {
    const twice = reviews({ routes: { getHealth: { ...route, access: {} } } });
    expect(() => composeApp([...services, twice], settings)).toThrow(/Route ids must be unique: getHealth/);
    const samePath = reviews({ routes: { listReviews: { ...route, path: '/health', access: {} } } });
    expect(() => composeApp([...services, samePath], settings)).toThrow(/Routes must be unique: GET \/v1\/health/);
  });

  it('refuses a consumer in a service that owns no table', () => {
    const { table: _table, ...tableless } = reviews({ consumers: { reviews: { ...consumer, events: [OrderPlaced], access: {} } } });
    expect(() => composeApp([...services, tableless], settings)).toThrow(/reviews, which owns no table/);
  });
});
