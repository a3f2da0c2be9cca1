/**
 * The modules lib/bundling.ts puts in the Lambda bundles in place of SDK code that never runs there:
 * each behaves as the SDK's own on the paths our functions take, and fails loudly on the others.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Sha256 } from '../../../lambdas/shared/bundle-aliases/checksum';
import { getEndpointDiscoveryPlugin, NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS, resolveEndpointDiscoveryConfig } from '../../../lambdas/shared/bundle-aliases/endpoint-discovery';
import { EventStreamSerde, eventStreamSerdeProvider } from '../../../lambdas/shared/bundle-aliases/event-streams';

const digestOf = async (hash: { update(data: Uint8Array): void; digest(): Promise<Uint8Array> }, chunks: readonly Uint8Array[]): Promise<string> => {
  for (const chunk of chunks) hash.update(chunk);
  return Buffer.from(await hash.digest()).toString('hex');
};

const sha256 = (chunks: readonly Uint8Array[]): string => chunks.reduce((hash, chunk) => hash.update(chunk), createHash('sha256')).digest('hex');
const hmac = (secret: string | Uint8Array, data: Uint8Array): string => createHmac('sha256', secret).update(data).digest('hex');

describe('the SHA-256 of the bundles', () => {
  it('gives the SHA-256 digest of any data, in any chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 5 }), async (chunks) => {
        expect(await digestOf(new Sha256(), chunks)).toBe(sha256(chunks));
      }),
      { numRuns: 50 },
    );
  });

  it('gives the HMAC-SHA-256 for a string or binary secret, as SigV4 signing uses it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ minLength: 1 }), fc.uint8Array({ minLength: 1, maxLength: 64 })), fc.uint8Array({ maxLength: 200 }), async (secret, data) => {
        expect(await digestOf(new Sha256(secret), [data])).toBe(hmac(secret, data));
      }),
      { numRuns: 50 },
    );
  });

  it('treats an empty secret as none, as the SDK does', async () => {
    expect(await digestOf(new Sha256(''), [Buffer.from('x')])).toBe(sha256([Buffer.from('x')]));
  });

  it('digests a plain hash again after more data, and refuses data after an HMAC is digested', async () => {
    const hash = new Sha256();
    hash.update(Buffer.from('a'));
    await hash.digest();
    hash.update(Buffer.from('b'));
    expect(Buffer.from(await hash.digest()).toString('hex')).toBe(sha256([Buffer.from('ab')]));

    const keyed = new Sha256('key');
    await keyed.digest();
    expect(() => keyed.update(Buffer.from('c'))).toThrow(/already finished/);
    keyed.reset();
    expect(await digestOf(keyed, [Buffer.from('c')])).toBe(hmac('key', Buffer.from('c')));
  });
});

describe('endpoint discovery in the bundles', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('resolves as off, and its plugin adds no middleware', async () => {
    const config = resolveEndpointDiscoveryConfig({ region: 'us-east-1' }, { endpointDiscoveryCommandCtor: class {} });
    const add = vi.fn();

    getEndpointDiscoveryPlugin(config, { isDiscoveredEndpointRequired: false }).applyToStack({ add } as never);

    expect(await (config as unknown as { endpointDiscoveryEnabled: () => Promise<boolean> }).endpointDiscoveryEnabled()).toBe(false);
    expect(config.isClientEndpointDiscoveryEnabled).toBe(false);
    expect(add).not.toHaveBeenCalled();
    expect(NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS.environmentVariableSelector()).toBe(false);
  });

  it('refuses a client that turns it on, by option or by environment, instead of ignoring it', () => {
    expect(() => resolveEndpointDiscoveryConfig({ endpointDiscoveryEnabled: true }, {})).toThrow(/left out of the Lambda bundles/);
    vi.stubEnv('AWS_ENABLE_ENDPOINT_DISCOVERY', 'true');
    expect(() => resolveEndpointDiscoveryConfig({}, {})).toThrow(/left out of the Lambda bundles/);
  });

  it('accepts the environment turning it off explicitly', () => {
    vi.stubEnv('AWS_ENABLE_ENDPOINT_DISCOVERY', 'false');
    expect(resolveEndpointDiscoveryConfig({ endpointDiscoveryEnabled: false }, {}).isClientEndpointDiscoveryEnabled).toBe(true);
  });
});

describe('event streams in the bundles', () => {
  it('fail at first use, naming the alias to remove', () => {
    expect(() => new EventStreamSerde({})).toThrow(/@smithy\/core\/event-streams alias/);
    expect(() => eventStreamSerdeProvider({})).toThrow(/@smithy\/core\/event-streams alias/);
  });
});
