/**
 * The cold-start benchmark's AWS stub and floors: the stub speaks TLS only, with a certificate
 * that a process trusts through NODE_EXTRA_CA_CERTS and no other way; each function is compared
 * with the SDK-only floor of exactly its clients.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsStub, type AwsStub } from '../../bench/cold-start/aws-stub';
import { sdkFloorOf } from '../../bench/cold-start/sdk-floors';

/** A fresh node process that POSTs a GetItem to the stub and prints the status, or the TLS error's code. */
const callFromChild = (endpoint: string, env: Record<string, string>): Promise<string> =>
  new Promise((resolve, reject) => {
    const script = `
      const request = require('node:https').request(process.argv[1], { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' } }, (response) => {
        response.resume();
        response.on('end', () => console.log(response.statusCode));
      });
      request.on('error', (error) => console.log(error.code));
      request.end('{}');`;
    const child = spawn(process.execPath, ['-e', script, endpoint], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('error', reject);
    child.once('close', () => {
      clearTimeout(timer);
      resolve(output.trim());
    });
  });

describe('the cold-start stub', () => {
  let stub: AwsStub;

  beforeAll(async () => {
    stub = await startAwsStub();
  });
  afterAll(async () => {
    await stub?.close();
  });

  it('answers over https:// a process that trusts its authority through NODE_EXTRA_CA_CERTS', async () => {
    stub.replay([{ target: 'DynamoDB_20120810.GetItem', status: 200, body: '{}' }]);

    expect(stub.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await callFromChild(stub.endpoint, { NODE_EXTRA_CA_CERTS: stub.caFile })).toBe('200');
    expect(stub.unanswered()).toEqual([]);
  });

  it('is refused by a process that does not trust its authority', async () => {
    expect(await callFromChild(stub.endpoint, {})).toMatch(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
  });
});

describe('the SDK-only floor of a function', () => {
  const bundle = (...clients: string[]) => ({ function: 'f', inputs: ['lambdas/f.ts', ...clients.map((client) => `node_modules/${client}/dist-es/index.js`)] });

  it('is the floor with exactly the clients its bundle holds', () => {
    expect(sdkFloorOf(bundle('@aws-sdk/client-dynamodb'))?.name).toBe('DynamoDB');
    expect(sdkFloorOf(bundle('@aws-sdk/client-sns', '@aws-sdk/client-dynamodb'))?.name).toBe('DynamoDB + SNS');
  });

  it('is none for a function without SDK clients, and an error for a mix no floor has', () => {
    expect(sdkFloorOf(bundle())).toBeUndefined();
    expect(() => sdkFloorOf(bundle('@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs'))).toThrow(/no SDK-only floor/);
  });
});
