import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../../lambdas/shared/errors';
import { envelopeSchema } from '../../../lambdas/shared/events/envelope';
import {
  assertCanRead,
  assertCanUpdate,
  assertVersion,
  requireExpectedVersion,
  signUp,
  updateProfile,
  type User,
} from '../../../lambdas/users/users';

const SIGNED_UP_AT = '2025-03-01T10:00:00.000Z';
const UPDATED_AT = '2025-03-02T11:30:00.000Z';

const existing: User = {
  id: 'user-1',
  name: 'Ada',
  email: 'ada@example.com',
  createdAt: SIGNED_UP_AT,
  updatedAt: SIGNED_UP_AT,
  version: 3,
};

const kindOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
  return 'no error';
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(SIGNED_UP_AT) });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('signUp', () => {
  it("builds the caller's profile at version 1, created and updated now", () => {
    const { user } = signUp('user-1', { name: 'Ada', email: 'ada@example.com' }, 'corr-1');

    expect(user).toEqual({
      id: 'user-1',
      name: 'Ada',
      email: 'ada@example.com',
      createdAt: SIGNED_UP_AT,
      updatedAt: SIGNED_UP_AT,
      version: 1,
    });
  });

  it('announces UserSignedUp from users, about the user, carrying the correlation id', () => {
    const { event } = signUp('user-1', { name: 'Ada', email: 'ada@example.com' }, 'corr-1');

    expect(envelopeSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      type: 'UserSignedUp',
      version: 1,
      source: 'users',
      subject: 'user-1',
      correlationId: 'corr-1',
      occurredAt: SIGNED_UP_AT,
      data: { userId: 'user-1', name: 'Ada', email: 'ada@example.com' },
    });
  });
});

describe('updateProfile', () => {
  it('applies the given fields, bumps the version and the update time, and keeps the rest', () => {
    vi.setSystemTime(new Date(UPDATED_AT));

    const { user } = updateProfile(existing, { name: 'Ada Lovelace' }, 'corr-2');

    expect(user).toEqual({ ...existing, name: 'Ada Lovelace', updatedAt: UPDATED_AT, version: 4 });
  });

  it('announces UserUpdated with only the fields that were sent', () => {
    const { event } = updateProfile(existing, { email: 'ada@lovelace.org' }, 'corr-2');

    expect(event).toMatchObject({
      type: 'UserUpdated',
      source: 'users',
      subject: 'user-1',
      correlationId: 'corr-2',
      data: { userId: 'user-1', changes: { email: 'ada@lovelace.org' } },
    });
    expect(Object.keys(event.data.changes)).toEqual(['email']);
  });
});

describe('who may read and change a profile', () => {
  it('lets the owner read their profile', () => {
    expect(kindOf(() => assertCanRead({ id: 'user-1', isAdmin: false }, 'user-1'))).toBe('no error');
  });

  it("lets an admin read someone else's profile", () => {
    expect(kindOf(() => assertCanRead({ id: 'admin-1', isAdmin: true }, 'user-1'))).toBe('no error');
  });

  it("tells anyone else that someone else's profile does not exist", () => {
    expect(kindOf(() => assertCanRead({ id: 'user-2', isAdmin: false }, 'user-1'))).toBe('not-found');
  });

  it('lets only the owner change a profile', () => {
    expect(kindOf(() => assertCanUpdate({ id: 'user-1', isAdmin: false }, 'user-1'))).toBe('no error');
  });

  it("forbids an admin to change someone else's profile", () => {
    expect(kindOf(() => assertCanUpdate({ id: 'admin-1', isAdmin: true }, 'user-1'))).toBe('forbidden');
  });

  it("tells anyone else that someone else's profile does not exist when they try to change it", () => {
    expect(kindOf(() => assertCanUpdate({ id: 'user-2', isAdmin: false }, 'user-1'))).toBe('not-found');
  });
});

describe('the expected version of an update', () => {
  it('requires one (428 when If-Match is absent)', () => {
    expect(kindOf(() => requireExpectedVersion(undefined))).toBe('precondition-required');
  });

  it('refuses an unparsable one as a failed precondition (412)', () => {
    expect(kindOf(() => requireExpectedVersion(Number.NaN))).toBe('precondition-failed');
  });

  it('returns a parsed one unchanged', () => {
    expect(requireExpectedVersion(3)).toBe(3);
  });

  it('fails the precondition when the stored version has moved on', () => {
    expect(kindOf(() => assertVersion(existing, 2))).toBe('precondition-failed');
  });

  it('passes when the stored version is the expected one', () => {
    expect(kindOf(() => assertVersion(existing, 3))).toBe('no error');
  });
});
