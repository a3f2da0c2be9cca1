/**
 * What the Lambda bundles get instead of `@smithy/core/checksum` (lib/bundling.ts aliases it
 * here): the SHA-256 the SDK clients sign requests with, on node:crypto alone. The SDK's own
 * `Sha256Node` falls back to a JavaScript SHA-256 when node:crypto has no SHA-256, which never
 * happens on Node.js, and the module's index also exports the MD5, CRC32 and browser variants: the
 * fallback alone is ~3.5 KB of every bundle that never runs. Same class shape as the SDK's
 * (`update`, `digest`, `reset`, HMAC when given a secret); test/unit/shared/bundle-aliases.test.ts
 * checks its digests against node:crypto's.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { Checksum, SourceData } from '@smithy/types';

const toKey = (data: SourceData): string | Buffer =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

export class Sha256 implements Checksum {
  readonly digestLength = 32;
  private readonly secret: SourceData | undefined;
  private hash: Hash | Hmac;
  private finished = false;

  constructor(secret?: SourceData) {
    // As the SDK's: an empty secret means a plain hash, not an HMAC.
    this.secret = secret || undefined;
    this.hash = this.create();
  }

  update(data: Uint8Array): void {
    if (this.finished) throw new Error('Attempted to update an already finished hash.');
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    let buffer: Buffer;
    if (this.secret !== undefined) {
      // An HMAC cannot be copied: digesting ends it, as in the SDK.
      this.finished = true;
      buffer = this.hash.digest();
    } else {
      buffer = (this.hash as Hash).copy().digest();
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  reset(): void {
    this.hash = this.create();
    this.finished = false;
  }

  private create(): Hash | Hmac {
    return this.secret !== undefined ? createHmac('sha256', toKey(this.secret)) : createHash('sha256');
  }
}
