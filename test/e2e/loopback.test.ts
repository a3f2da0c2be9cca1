/**
 * Every server of the local runtime listens on 127.0.0.1 alone: the gateway, fauxqs and DynamoDB
 * Local (which has no option for it and is bound through its launcher), none of which asks for
 * credentials. Read from the kernel's table of listening sockets, so a socket on 0.0.0.0 or :: fails.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client';
import { sharedLocalRuntime } from './support/shared-local-runtime';

interface Listener {
  readonly address: string;
  readonly port: number;
}

/** `0100007F` (IPv4, one little-endian word) or 32 hex digits (IPv6, four little-endian words). */
const decodeAddress = (hex: string): string => {
  const words = hex.match(/.{8}/g)!.map((word) => word.match(/../g)!.reverse().join(''));
  const full = words.join('').toLowerCase();
  const ipv4 = (bytes: string): string => bytes.match(/../g)!.map((byte) => Number.parseInt(byte, 16)).join('.');
  if (full.length === 8) return ipv4(full);
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is that IPv4 address.
  if (full.startsWith('00000000000000000000ffff')) return ipv4(full.slice(24));
  return full.replace(/(.{4})(?!$)/g, '$1:');
};

/** Every TCP socket in LISTEN state on this machine (Linux /proc/net). */
const listeners = (): Listener[] =>
  ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === '0A')
      .map((fields) => {
        const [address, port] = fields[1]!.split(':') as [string, string];
        return { address: decodeAddress(address), port: Number.parseInt(port, 16) };
      }),
  );

describe('the local runtime on the network', () => {
  let ports: Record<string, number>;

  beforeAll(async () => {
    const { url } = sharedLocalRuntime();
    const resources = (await new ApiClient(url).get<{ dynamodbEndpoint: string; snsSqsEndpoint: string }>('/_local/resources', { apiKey: null })).body;
    ports = {
      gateway: Number(new URL(url).port),
      dynamodb: Number(new URL(resources.dynamodbEndpoint).port),
      snsSqs: Number(new URL(resources.snsSqsEndpoint).port),
    };
  });

  it('decodes the kernel table as the test relies on it', () => {
    expect(decodeAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('127.0.0.1');
    expect(decodeAddress('00000000000000000000000000000000')).toBe('0000:0000:0000:0000:0000:0000:0000:0000');
  });

  it.each(['gateway', 'dynamodb', 'snsSqs'])('has %s listening on 127.0.0.1 and nowhere else', (server) => {
    const found = listeners().filter((listener) => listener.port === ports[server]);

    expect(found.length, `sockets on port ${ports[server]}`).toBeGreaterThan(0);
    expect(found.map((listener) => listener.address)).toEqual(found.map(() => '127.0.0.1'));
  });
});
