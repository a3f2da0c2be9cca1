import { describe, expect, it } from 'vitest';
import { indexLoggedErrors } from '../../../scripts/dlq/last-error';
import { describeParkedMessage, formatAge, formatParkedMessage } from '../../../scripts/dlq/parked-message';
import { findQueue, UnknownQueueError } from '../../../scripts/dlq/queues';

const queues = ['inventory', 'notifications', 'orders'].map((name) => ({
  name,
  dlqUrl: `http://sqs/${name}-dlq`,
  sourceUrl: `http://sqs/${name}`,
  functionName: `${name}Consumer`,
}));

describe('finding a dead-letter queue', () => {
  it('accepts the consumer name or the DLQ name', () => {
    expect(findQueue(queues, 'inventory').dlqUrl).toBe('http://sqs/inventory-dlq');
    expect(findQueue(queues, 'orders-dlq').sourceUrl).toBe('http://sqs/orders');
  });

  it('refuses an unknown name with a message listing the known ones', () => {
    expect(() => findQueue(queues, 'invntory')).toThrow(UnknownQueueError);
    expect(() => findQueue(queues, 'invntory')).toThrow('There is no dead-letter queue "invntory". Known queues: inventory, notifications, orders.');
  });
});

describe('describing a parked message', () => {
  const now = Date.UTC(2026, 0, 1, 12);

  it('reads type, ids and correlation id from an event envelope, and its age from SentTimestamp', () => {
    const body = JSON.stringify({ id: 'evt-1', type: 'OrderPlaced', correlationId: 'corr-1', data: {} });
    const described = describeParkedMessage({ messageId: 'm-1', body, receiveCount: 6, sentAt: now - 90_000 }, now, 'Event failed: boom');
    expect(described).toEqual({
      messageId: 'm-1',
      eventType: 'OrderPlaced',
      eventId: 'evt-1',
      correlationId: 'corr-1',
      receiveCount: 6,
      ageSeconds: 90,
      lastError: 'Event failed: boom',
    });
    expect(formatParkedMessage(described)).toBe(
      ['OrderPlaced  event evt-1  correlation corr-1', '  message m-1  received 6x  age 90s', '  last error: Event failed: boom'].join('\n'),
    );
  });

  it('says so when the body is not an event', () => {
    for (const body of ['not json', '[1,2]', 'null']) {
      const described = describeParkedMessage({ messageId: 'm-2', body, receiveCount: 5, sentAt: now }, now);
      expect(described).toMatchObject({ eventType: '(not an event)', eventId: '-', correlationId: '-' });
      expect(formatParkedMessage(described)).toContain('last error: (none logged)');
    }
  });

  it('formats ages in the largest sensible unit', () => {
    expect([formatAge(5), formatAge(600), formatAge(3 * 3600), formatAge(5 * 86_400)]).toEqual(['5s', '10m', '3h', '5d']);
  });
});

describe('the consumer\'s last logged error', () => {
  it('indexes error lines by message id and event id, the last one winning, and skips the rest', () => {
    const log = [
      JSON.stringify({ level: 'ERROR', message: 'Message is not a valid event envelope', messageId: 'm-1', problems: ['The body is not JSON'] }),
      JSON.stringify({ level: 'INFO', message: 'Event handled', messageId: 'm-2', eventId: 'e-2' }),
      JSON.stringify({ level: 'ERROR', message: 'Event failed', messageId: 'm-3', eventId: 'e-3', error: { name: 'Error', message: 'first' } }),
      'START RequestId: not json "ERROR"',
      JSON.stringify({ level: 'ERROR', message: 'Event failed', messageId: 'm-3', eventId: 'e-3', error: { name: 'Error', message: 'second' } }),
    ].join('\n');
    const errors = indexLoggedErrors(log);
    expect(errors.get('m-1')).toBe('Message is not a valid event envelope: The body is not JSON');
    expect(errors.get('m-3')).toBe('Event failed: second');
    expect(errors.get('e-3')).toBe('Event failed: second');
    expect(errors.has('m-2')).toBe(false);
  });
});
