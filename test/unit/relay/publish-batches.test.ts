import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, publishEntry, toBatches } from '../../../lambdas/relay/publish-batches';
import { signedUp } from './fixtures';

const withNameOfBytes = (n: number, bytes: number) =>
  signedUp(n, { data: { userId: `user-${n}`, name: 'x'.repeat(bytes), email: 'a@example.com' } });

describe('toBatches', () => {
  it('starts a new batch after 10 entries', () => {
    const envelopes = Array.from({ length: 21 }, (_, i) => signedUp(i));

    const batches = toBatches(envelopes, (envelope) => publishEntry(envelope, envelope.id));

    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 1]);
    expect(batches.flat()).toEqual(envelopes);
  });

  it('starts a new batch before the messages would exceed 256 KiB together', () => {
    const envelopes = [1, 2, 3].map((n) => withNameOfBytes(n, 100 * 1024));

    const batches = toBatches(envelopes, (envelope) => publishEntry(envelope, envelope.id));

    expect(batches.map((batch) => batch.map((envelope) => envelope.id))).toEqual([
      [envelopes[0]!.id, envelopes[1]!.id],
      [envelopes[2]!.id],
    ]);
  });

  it('gives an entry too large on its own a batch of its own, so that it fails alone', () => {
    const envelopes = [signedUp(1), withNameOfBytes(2, MAX_BATCH_BYTES), signedUp(3)];

    const batches = toBatches(envelopes, (envelope) => publishEntry(envelope, envelope.id));

    expect(batches.map((batch) => batch.length)).toEqual([1, 1, 1]);
  });

  it('makes no batch of nothing', () => {
    expect(toBatches([], (envelope: ReturnType<typeof signedUp>) => publishEntry(envelope, envelope.id))).toEqual([]);
  });
});
