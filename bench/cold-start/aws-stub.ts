/**
 * The mocked AWS a cold-started bundle talks to (through AWS_ENDPOINT_URL_DYNAMODB and
 * AWS_ENDPOINT_URL_SNS): DynamoDB answers are replayed from the end-to-end run's recording of the
 * same function and event, so each bundle runs its real path; SNS accepts every PublishBatch.
 * It answers at once: what is timed is the bundle, not a database.
 *
 * It answers over https:// only, with a certificate made for the run (tls-certificate.ts) whose
 * authority every process trusts through NODE_EXTRA_CA_CERTS. Lambda's endpoints are all https://,
 * and the SDK's path differs with the scheme: over http:// it loads node:http, which on Node.js 24
 * evaluates its lazy WebSocket exports and undici, tens of milliseconds Lambda never spends.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RecordedCall } from '../capacity/dynamo-recorder';
import { createStubCertificates } from './tls-certificate';

export interface AwsStub {
  /** `https://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The PEM file of the authority that signed the stub's certificate: NODE_EXTRA_CA_CERTS of every client process. */
  readonly caFile: string;
  /** The answers for the next process: each recorded call is given once, to a request for the same operation. */
  replay(calls: readonly RecordedCall[]): void;
  /** Requests since the last `replay` that had no recorded answer. */
  unanswered(): string[];
  close(): Promise<void>;
}

const readAll = async (stream: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** PublishBatch in the query protocol: every entry accepted. */
const publishBatchAnswer = (form: URLSearchParams): string => {
  const ids = [...form].filter(([name]) => /^PublishBatchRequestEntries\.member\.\d+\.Id$/.test(name)).map(([, value]) => value);
  const members = ids.map((id) => `<member><Id>${id}</Id><MessageId>${randomUUID()}</MessageId></member>`).join('');
  return `<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Successful>${members}</Successful><Failed/></PublishBatchResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishBatchResponse>`;
};

export const startAwsStub = async (): Promise<AwsStub> => {
  const certificates = createStubCertificates();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-stub-ca-'));
  const caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, certificates.caPem);
  let pending: RecordedCall[] = [];
  let missing: string[] = [];
  const server = https.createServer({ cert: certificates.cert, key: certificates.key }, async (request, response) => {
    const body = await readAll(request);
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') {
      const index = pending.findIndex((call) => call.target === target);
      if (index >= 0) {
        const [call] = pending.splice(index, 1);
        response.writeHead(call!.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
        response.end(call!.body);
      } else {
        missing.push(target);
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
        response.end(JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: `bench stub: no recorded answer for ${target}` }));
      }
      return;
    }
    const form = new URLSearchParams(body);
    if (form.get('Action') === 'PublishBatch') {
      response.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
      response.end(publishBatchAnswer(form));
      return;
    }
    missing.push(form.get('Action') ?? `${request.method} ${request.url}`);
    response.writeHead(400, { 'content-type': 'text/xml' });
    response.end('<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>bench stub</Message></Error></ErrorResponse>');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        endpoint: `https://127.0.0.1:${port}`,
        caFile,
        replay: (calls) => {
          pending = [...calls];
          missing = [];
        },
        unanswered: () => [...missing],
        close: async () => {
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          await rm(dir, { recursive: true, force: true });
        },
      });
    });
  });
};
