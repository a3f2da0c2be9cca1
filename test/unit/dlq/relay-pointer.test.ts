import { describe, expect, it } from 'vitest';
import { formatPointer, outboxWindowOf, parseStreamPointer, PointerFormatError } from '../../../scripts/dlq/relay-pointer';

/** The example of "Lambda on-failure destinations for DynamoDB streams", as Lambda sends it to SQS. */
const awsPointer = {
  requestContext: {
    requestId: '316aa6d0-8154-xmpl-9af7-85d5f4a6bc81',
    functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction',
    condition: 'RetryAttemptsExhausted',
    approximateInvokeCount: 1,
  },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  version: '1.0',
  timestamp: '2019-11-14T00:13:49.717Z',
  DDBStreamBatchInfo: {
    shardId: 'shardId-00000001573689847184-864758bb',
    startSequenceNumber: '800000000003126276362',
    endSequenceNumber: '800000000003126276362',
    approximateArrivalOfFirstRecord: '2019-11-14T00:13:19Z',
    approximateArrivalOfLastRecord: '2019-11-14T00:13:19Z',
    batchSize: 1,
    streamArn: 'arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388',
  },
};

describe('a relay on-failure pointer', () => {
  it('reads the pointer Lambda parks: table, shard, sequence range, record count, arrival and parking times', () => {
    const pointer = parseStreamPointer(JSON.stringify(awsPointer));

    expect(pointer).toEqual({
      tableName: 'mytable',
      streamArn: awsPointer.DDBStreamBatchInfo.streamArn,
      shardId: 'shardId-00000001573689847184-864758bb',
      startSequenceNumber: '800000000003126276362',
      endSequenceNumber: '800000000003126276362',
      batchSize: 1,
      firstArrival: new Date('2019-11-14T00:13:19Z'),
      lastArrival: new Date('2019-11-14T00:13:19Z'),
      condition: 'RetryAttemptsExhausted',
      parkedAt: new Date('2019-11-14T00:13:49.717Z'),
    });
  });

  it('reads the local poller\'s pointer (millisecond ISO times, DynamoDB Local\'s stream ARN)', () => {
    const local = {
      ...awsPointer,
      DDBStreamBatchInfo: {
        ...awsPointer.DDBStreamBatchInfo,
        approximateArrivalOfFirstRecord: '2026-12-02T07:00:01.000Z',
        approximateArrivalOfLastRecord: '2026-12-02T07:00:03.000Z',
        batchSize: 3,
        streamArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/2026-12-02T06:59:00.000',
      },
    };

    const pointer = parseStreamPointer(JSON.stringify(local));

    expect(pointer.tableName).toBe('orders');
    expect(pointer.lastArrival.toISOString()).toBe('2026-12-02T07:00:03.000Z');
  });

  it.each([
    ['a body that is not JSON', 'not a pointer', /not JSON/],
    ['an event envelope', JSON.stringify({ id: 'e', type: 'OrderPlaced' }), /DDBStreamBatchInfo/],
    ['a pointer without arrival times', JSON.stringify({ DDBStreamBatchInfo: { ...awsPointer.DDBStreamBatchInfo, approximateArrivalOfLastRecord: undefined } }), /approximateArrivalOfLastRecord/],
    ['a Kinesis stream ARN', JSON.stringify({ DDBStreamBatchInfo: { ...awsPointer.DDBStreamBatchInfo, streamArn: 'arn:aws:kinesis:us-east-2:1:stream/s' } }), /DynamoDB stream ARN/],
  ])('refuses %s, saying why', (_, body, reason) => {
    expect(() => parseStreamPointer(body)).toThrow(PointerFormatError);
    expect(() => parseStreamPointer(body)).toThrow(reason);
  });

  it('covers every outbox item its records can be: written up to a Lambda timeout before the first arrival, to the second after the last', () => {
    const pointer = parseStreamPointer(JSON.stringify(awsPointer));

    const window = outboxWindowOf(pointer);

    // An event created at the start of a 15-minute invocation, written at its end.
    expect(window.from <= '2019-11-13T23:58:19.000Z').toBe(true);
    // Arrival times are rounded down: an event of 00:13:19.999 is in.
    expect(window.to >= '2019-11-14T00:13:19.999Z').toBe(true);
    // And not the whole table.
    expect(window.from > '2019-11-13T23:00:00.000Z').toBe(true);
    expect(window.to < '2019-11-14T00:20:00.000Z').toBe(true);
  });

  it('shows a pointer with where it points and the unpublished items it covers, invalid ones flagged', () => {
    const pointer = parseStreamPointer(JSON.stringify(awsPointer));

    const text = formatPointer({
      messageId: 'm-1',
      receiveCount: 2,
      ageSeconds: 600,
      pointer,
      unmarked: [
        { eventId: 'e-1', type: 'OrderPlaced' },
        { eventId: 'e-2', type: 'OrderCancelled', problems: ['event.version: Too small'] },
      ],
    });

    expect(text).toContain('RetryAttemptsExhausted  table mytable  shard shardId-00000001573689847184-864758bb  records 800000000003126276362..800000000003126276362 (1)');
    expect(text).toContain('written 2019-11-14T00:13:19.000Z..2019-11-14T00:13:19.000Z');
    expect(text).toContain('message m-1  received 2x  age 10m  parked 2019-11-14T00:13:49.717Z');
    expect(text).toMatch(/unpublished outbox items of mytable written .*: 2\n/);
    expect(text).toContain('    OrderPlaced e-1\n');
    expect(text).toContain('    OrderCancelled e-2  NOT A VALID EVENT: event.version: Too small');
  });

  it('says a redrive would only delete a pointer whose events were all published since', () => {
    const text = formatPointer({ messageId: 'm-1', receiveCount: 1, ageSeconds: 5, pointer: parseStreamPointer(JSON.stringify(awsPointer)), unmarked: [] });

    expect(text).toContain(': 0 (its events were published since: a redrive only deletes it)');
  });

  it('shows a message that is not a pointer as such', () => {
    const text = formatPointer({ messageId: 'm-2', receiveCount: 1, ageSeconds: 5, pointer: new PointerFormatError('The message is not JSON, so not a stream batch pointer.') });

    expect(text).toBe('(not a stream pointer)  The message is not JSON, so not a stream batch pointer.\n  message m-2  received 1x  age 5s');
  });
});
