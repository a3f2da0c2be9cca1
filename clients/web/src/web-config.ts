/**
 * What the web app reads at run time from `config.json` beside its index.html, so that one build
 * serves every stage: the local runtime answers it (local/web/), the web stack deploys it
 * (lib/constructs/web-app-deployment.ts). No DOM types here: both sides import this file.
 */
interface LocalSignIn {
  /** Tokens from the local runtime's `POST /_local/token`: any name, no password. */
  readonly mode: 'local';
}

export interface CognitoSignIn {
  /** The Cognito hosted UI, OAuth 2.0 authorization code with PKCE. */
  readonly mode: 'cognito';
  /** The user pool's issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>`: its discovery document names the endpoints. */
  readonly authority: string;
  /** The web app client's id (a public client: no secret). */
  readonly clientId: string;
  /** The hosted UI's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`: sign-out goes there. */
  readonly domain: string;
}

export interface WebAppConfig {
  /** The API's base URL, without `/v1` (the stage's invoke URL, or the local gateway). */
  readonly apiUrl: string;
  /** The web client app's key, sent as `x-api-key`: it names the app, it is not a secret. */
  readonly apiKey: string;
  /**
   * Live events' WebSocket URL: a stage's stack output `LiveUrl` (`wss://…`), locally the gateway's
   * `ws://127.0.0.1:<port>/v1/live`. Absent where there are none: the app then polls, and opens no
   * socket that could only fail (a browser logs each failed handshake as an error).
   */
  readonly liveUrl?: string;
  readonly signIn: LocalSignIn | CognitoSignIn;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (record: Record<string, unknown>, key: string, where: string): string => {
  const value = record[key];
  if (typeof value !== 'string' || value === '') throw new Error(`${where}.${key} must be a non-empty string`);
  return value;
};

const webSocketUrl = (record: Record<string, unknown>, key: string): string => {
  const value = text(record, key, 'config');
  if (!/^wss?:\/\/./.test(value)) throw new Error(`config.${key} must be a ws:// or wss:// URL`);
  return value;
};

/** Checks a parsed config.json; the error names the first field that is wrong. */
export const parseWebAppConfig = (value: unknown): WebAppConfig => {
  if (!isRecord(value)) throw new Error('config.json must hold an object');
  const signIn = value.signIn;
  if (!isRecord(signIn)) throw new Error('config.signIn must be an object');
  const base = {
    apiUrl: text(value, 'apiUrl', 'config'),
    apiKey: text(value, 'apiKey', 'config'),
    ...(value.liveUrl === undefined ? {} : { liveUrl: webSocketUrl(value, 'liveUrl') }),
  };
  if (signIn.mode === 'local') return { ...base, signIn: { mode: 'local' } };
  if (signIn.mode === 'cognito') {
    return {
      ...base,
      signIn: {
        mode: 'cognito',
        authority: text(signIn, 'authority', 'config.signIn'),
        clientId: text(signIn, 'clientId', 'config.signIn'),
        domain: text(signIn, 'domain', 'config.signIn'),
      },
    };
  }
  throw new Error('config.signIn.mode must be "local" or "cognito"');
};
