import { describe, expect, it } from 'vitest';
import { app } from '../../../lib/app';
import { stageConfig } from '../../../lib/config';
import { buildFunctionCatalog } from '../../../local/functions/catalog';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:domain-events';
// Physical names unlike the owners' names, so a grant keyed by owner would not pass for one keyed by table.
const tables = Object.fromEntries(Object.keys(app.tables).map((owner) => [owner, `${owner}-physical`])) as Parameters<typeof buildFunctionCatalog>[2]['tables'];
const socketNames = {
  socketConnectionsEndpoint: 'http://127.0.0.1:9/_local/live',
  idTokens: { issuer: 'https://cognito-idp.local/pool', audience: 'client', jwksUrl: 'http://127.0.0.1:9/_local/.well-known/jwks.json' },
};
const catalog = buildFunctionCatalog(app, stageConfig('dev'), { tables, topicArn: TOPIC, ...socketNames }, { dynamodb: 'http://127.0.0.1:9', snsSqs: 'http://127.0.0.1:9' }, '/repo', 4);

// A relay's table is named twice (as its service's table and as the outbox it marks): one grant.
const tableNamesIn = (environment: Readonly<Record<string, string>>): string[] =>
  [...new Set(Object.entries(environment).filter(([name]) => name.endsWith('_TABLE_NAME')).map(([, value]) => value))].sort();

describe('the local function catalog', () => {
  it.each(catalog.all.map((fn) => [fn.name, fn] as const))('grants %s exactly the tables whose names its environment carries', (_, fn) => {
    expect([...fn.grant.tables.keys()].sort()).toEqual(tableNamesIn(fn.environment));
  });

  it('grants the topic to the relays and the outbox sweepers, and to no other function', () => {
    const publishers = catalog.all.filter((fn) => fn.grant.topicArns.includes(TOPIC)).map((fn) => fn.name);
    const sweepers = [...catalog.jobs].filter(([name]) => name.endsWith('-sweeper')).map(([, fn]) => fn.name);

    expect(sweepers).toHaveLength(catalog.relays.size);
    expect(publishers.sort()).toEqual([...[...catalog.relays.values()].map((fn) => fn.name), ...sweepers].sort());
  });

  it('names each grant after its function', () => {
    expect(catalog.all.filter((fn) => fn.grant.functionName !== fn.name)).toEqual([]);
  });

  it('grants some function an operation on a table, so the checks above check something', () => {
    expect(catalog.all.some((fn) => [...fn.grant.tables.values()].some((operations) => operations.length > 0))).toBe(true);
  });

  it('tells the consumers and jobs that post to the socket where, and the socket authorizer which tokens to accept, and no other function', () => {
    const posting = catalog.all.filter((fn) => fn.environment.SOCKET_CONNECTIONS_ENDPOINT === socketNames.socketConnectionsEndpoint).map((fn) => fn.name);
    const verifying = catalog.all.filter((fn) => fn.environment.ID_TOKEN_JWKS_URL === socketNames.idTokens.jwksUrl).map((fn) => fn.name);

    expect(posting.sort()).toEqual(
      [
        ...app.consumers.filter((consumer) => consumer.postsToSocket).map((consumer) => catalog.consumers.get(consumer.name)!.name),
        ...app.jobs.filter((job) => job.postsToSocket).map((job) => catalog.jobs.get(job.name)!.name),
      ].sort(),
    );
    expect(app.jobs.filter((job) => job.postsToSocket).map((job) => job.name)).toEqual(['live-expiry']);
    expect(verifying).toEqual([catalog.socket.get('authorizer')!.name]);
  });
});
