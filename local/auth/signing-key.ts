/**
 * The local user pool's signing key: RS256, as Cognito signs. Generated once per data directory
 * and kept there, so tokens survive a restart; in-memory runs get a new key (and new pool id) each time.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export const SIGNING_ALGORITHM = 'RS256';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** Part of the issuer, like a Cognito user pool id. */
  readonly userPoolId: string;
  /** The token audience, like a Cognito app client id. */
  readonly clientId: string;
}

interface StoredKey {
  readonly kid: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly privateJwk: JWK;
}

const generate = async (): Promise<{ stored: StoredKey; key: SigningKey }> => {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const stored: StoredKey = {
    kid: randomBytes(8).toString('hex'),
    userPoolId: `local_${randomBytes(5).toString('hex')}`,
    clientId: randomBytes(13).toString('hex'),
    privateJwk: await exportJWK(privateKey),
  };
  return { stored, key: { kid: stored.kid, userPoolId: stored.userPoolId, clientId: stored.clientId, privateKey, publicKey } };
};

const load = async (stored: StoredKey): Promise<SigningKey> => {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = stored.privateJwk;
  return {
    kid: stored.kid,
    userPoolId: stored.userPoolId,
    clientId: stored.clientId,
    privateKey: (await importJWK(stored.privateJwk, SIGNING_ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, SIGNING_ALGORITHM)) as CryptoKey,
  };
};

/** The key kept in `file`, created on first use; `file` undefined: a key for this run only. */
export const loadSigningKey = async (file: string | undefined): Promise<SigningKey> => {
  if (file && fs.existsSync(file)) return load(JSON.parse(fs.readFileSync(file, 'utf8')) as StoredKey);
  const { stored, key } = await generate();
  // Owner-only: anyone who reads this file can sign in as anyone.
  if (file) fs.writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  return key;
};
