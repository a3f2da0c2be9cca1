/**
 * A pass-through proxy in front of DynamoDB Local that keeps what each function's first
 * invocation was answered: the cold-start benchmark replays those answers from a stub, so each
 * bundle runs its real path (a user found, an order placed) without a database.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  /** `DynamoDB_20120810.GetItem` */
  readonly target: string;
  readonly status: number;
  readonly body: string;
}

export interface DynamoRecorder {
  readonly endpoint: string;
  /** Calls from now on are appended to `into` (none recorded while undefined). */
  recordInto(into: RecordedCall[] | undefined): void;
  close(): Promise<void>;
}

const readAll = async (stream: NodeJS.ReadableStream): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

export const startDynamoRecorder = (upstream: string): Promise<DynamoRecorder> => {
  const target = new URL(upstream);
  let recording: RecordedCall[] | undefined;
  const server = http.createServer(async (request, response) => {
    try {
      const body = await readAll(request);
      const headers = { ...request.headers, host: target.host, 'content-length': String(body.length) };
      const upstreamResponse = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const forwarded = http.request({ hostname: target.hostname, port: target.port, path: request.url, method: request.method, headers }, resolve);
        forwarded.once('error', reject);
        forwarded.end(body);
      });
      const answer = await readAll(upstreamResponse);
      recording?.push({ target: String(request.headers['x-amz-target'] ?? ''), status: upstreamResponse.statusCode ?? 500, body: answer.toString('utf8') });
      const { 'content-length': _length, 'transfer-encoding': _encoding, connection: _connection, ...rest } = upstreamResponse.headers;
      response.writeHead(upstreamResponse.statusCode ?? 500, { ...rest, 'content-length': String(answer.length) });
      response.end(answer);
    } catch (error) {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        recordInto: (into) => {
          recording = into;
        },
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
};
