/**
 * A certificate authority and a server certificate for 127.0.0.1, made for one benchmark run with
 * node:crypto alone (P-256 keys, ECDSA-SHA256 signatures, DER written by hand below). The stub
 * serves the server certificate and every process it answers trusts the authority through
 * NODE_EXTRA_CA_CERTS, so the SDK connects over https:// as it does in Lambda, certificate
 * verification included. Nothing is written but the authority's PEM, and the keys die with the run.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** DER: a tag, its length, its content. */
const tlv = (tag: number, content: Buffer): Buffer => {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
};
const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
/** A positive INTEGER from big-endian bytes (a leading zero keeps the sign bit clear). */
const integer = (bytes: Buffer): Buffer => tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const objectId = (dotted: string): Buffer => {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const body = [40 * first! + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift(0x80 | (value & 0x7f));
    body.push(...chunk);
  }
  return tlv(0x06, Buffer.from(body));
};
const bitString = (bytes: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]));
const octetString = (bytes: Buffer): Buffer => tlv(0x04, bytes);
const explicit = (index: number, content: Buffer): Buffer => tlv(0xa0 + index, content);
const TRUE = tlv(0x01, Buffer.from([0xff]));
/** UTCTime up to 2049, as RFC 5280 requires. */
const time = (date: Date): Buffer => tlv(0x17, Buffer.from(`${date.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`, 'ascii'));
const commonName = (name: string): Buffer => sequence(set(sequence(objectId('2.5.4.3'), tlv(0x0c, Buffer.from(name, 'utf8')))));
const extension = (oid: string, critical: boolean, value: Buffer): Buffer => sequence(objectId(oid), ...(critical ? [TRUE] : []), octetString(value));

const ECDSA_WITH_SHA256 = sequence(objectId('1.2.840.10045.4.3.2'));
const keyIdOf = (publicKey: KeyObject): Buffer => createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();

interface Party {
  readonly name: string;
  readonly publicKey: KeyObject;
}

const certificate = (subject: Party, issuer: Party & { privateKey: KeyObject }, extensions: Buffer[], validDays: number): string => {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + validDays * 86_400_000);
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    ECDSA_WITH_SHA256,
    commonName(issuer.name),
    sequence(time(notBefore), time(notAfter)),
    commonName(subject.name),
    subject.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions)),
  );
  const der = sequence(tbs, ECDSA_WITH_SHA256, bitString(sign('sha256', tbs, issuer.privateKey)));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
};

export interface StubCertificates {
  /** The authority, PEM: what NODE_EXTRA_CA_CERTS points at. */
  readonly caPem: string;
  /** The server's certificate (for 127.0.0.1 and localhost) and key, PEM, for `https.createServer`. */
  readonly cert: string;
  readonly key: string;
}

/** A fresh authority and a server certificate it signed, valid for a day. */
export const createStubCertificates = (): StubCertificates => {
  const authorityKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serverKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const authority = { name: 'bench stub authority', ...authorityKeys };
  const caPem = certificate(
    authority,
    authority,
    [
      extension('2.5.29.19', true, sequence(TRUE)),
      // keyCertSign and cRLSign.
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)),
      extension('2.5.29.14', false, octetString(keyIdOf(authority.publicKey))),
    ],
    1,
  );
  const cert = certificate(
    { name: '127.0.0.1', publicKey: serverKeys.publicKey },
    authority,
    [
      extension('2.5.29.19', true, sequence()),
      // digitalSignature: what an ECDHE handshake needs of an ECDSA key.
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
      extension('2.5.29.37', false, sequence(objectId('1.3.6.1.5.5.7.3.1'))),
      // iPAddress 127.0.0.1 and dNSName localhost.
      extension('2.5.29.17', false, sequence(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x82, Buffer.from('localhost', 'ascii')))),
      extension('2.5.29.35', false, sequence(tlv(0x80, keyIdOf(authority.publicKey)))),
    ],
    1,
  );
  return { caPem, cert, key: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
};
