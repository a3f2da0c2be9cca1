import { describe, expect, it } from 'vitest';
import { app } from '../../../../lib/app';
import { stageConfig } from '../../../../lib/config';
import { outboxOwners } from '../../../../lib/declaration';
import { buildFunctionCatalog } from '../../../../local/functions/catalog';

const tables = Object.fromEntries(Object.keys(app.tables).map((owner) => [owner, `${owner}-local`])) as Parameters<typeof buildFunctionCatalog>[2]['tables'];
const catalog = buildFunctionCatalog(
  app,
  stageConfig('dev'),
  { tables, topicArn: 'arn:aws:sns:us-east-1:000000000000:domain-events', socketConnectionsEndpoint: 'http://127.0.0.1:9/_local/live', idTokens: { issuer: 'i', audience: 'a', jwksUrl: 'http://127.0.0.1:9/jwks' } },
  { dynamodb: 'http://127.0.0.1:9', snsSqs: 'http://127.0.0.1:9' },
  '/repo',
  1,
);

describe('the local runtime\'s relays and timers', () => {
  it('runs a relay and an outbox sweeper for every table with an outbox, none for the live connections table', () => {
    expect([...catalog.relays.keys()].sort()).toEqual([...outboxOwners(app)].sort());
    const sweepers = [...catalog.jobs.keys()].filter((name) => name.endsWith('-sweeper')).sort();
    expect(sweepers).toEqual(outboxOwners(app).map((service) => `${service}-sweeper`).sort());
    expect(catalog.relays.has('live' as never)).toBe(false);
    expect(catalog.jobs.has('live-sweeper')).toBe(false);
    expect(catalog.all.map((fn) => fn.name)).not.toContain('liveRelay');
  });
});
