import type { IncomingMessage } from 'node:http';

/** API Gateway's limit on a request's payload. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/**
 * The request body, or `tooLarge` once it passes the limit. The rest is read and dropped rather
 * than the socket cut, so the client gets its 413 instead of a connection reset.
 */
export const readBody = (request: IncomingMessage, limitBytes = MAX_PAYLOAD_BYTES): Promise<{ body: Buffer } | { tooLarge: true }> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limitBytes ? { tooLarge: true } : { body: Buffer.concat(chunks) }));
    request.on('error', reject);
  });
