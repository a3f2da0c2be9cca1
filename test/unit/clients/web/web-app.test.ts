/** The web app's sources as a browser gets them, and the runtime configuration it reads. */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseWebAppConfig } from '../../../../clients/web/src/web-config';

describe('clients/web', () => {
  it('compiles for a browser, without Node types', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const check = spawnSync(process.execPath, [tsc, '-p', 'clients/web/tsconfig.json'], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 60_000);
});

describe('parseWebAppConfig', () => {
  const base = { apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/dev', apiKey: 'key' };

  it('reads a local configuration', () => {
    expect(parseWebAppConfig({ ...base, signIn: { mode: 'local' } })).toEqual({ ...base, signIn: { mode: 'local' } });
  });

  it('reads the live events socket where the stage has one', () => {
    const liveUrl = 'wss://ws123.execute-api.eu-west-1.amazonaws.com/dev';
    expect(parseWebAppConfig({ ...base, liveUrl, signIn: { mode: 'local' } })).toEqual({ ...base, liveUrl, signIn: { mode: 'local' } });
  });

  it('reads a Cognito configuration and keeps nothing it does not know', () => {
    const signIn = { mode: 'cognito', authority: 'https://cognito-idp.eu-west-1.amazonaws.com/pool', clientId: 'client', domain: 'https://shop.auth.eu-west-1.amazoncognito.com' };
    expect(parseWebAppConfig({ ...base, extra: 1, signIn: { ...signIn, secret: 'x' } })).toEqual({ ...base, signIn });
  });

  it.each([
    [null, /must hold an object/],
    [{ ...base }, /config.signIn must be an object/],
    [{ ...base, apiKey: '', signIn: { mode: 'local' } }, /config.apiKey must be a non-empty string/],
    [{ ...base, signIn: { mode: 'cognito', authority: 'a', clientId: 'c' } }, /config.signIn.domain/],
    [{ ...base, signIn: { mode: 'password' } }, /"local" or "cognito"/],
    [{ ...base, liveUrl: 'https://ws123.execute-api.eu-west-1.amazonaws.com/dev', signIn: { mode: 'local' } }, /config.liveUrl must be a ws:\/\/ or wss:\/\/ URL/],
  ])('refuses %j, naming what is wrong', (value, message) => {
    expect(() => parseWebAppConfig(value)).toThrow(message);
  });
});
