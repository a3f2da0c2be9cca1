/** The local redrive's semantics, against a mocked SQS client: what a message move task promises. */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moveMessages } from '../../../scripts/dlq/sqs-queues';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const sqs = mockClient(SQSClient);
const DLQ = 'http://127.0.0.1:1/000000000000/inventory-dlq';
const SOURCE = 'http://127.0.0.1:1/000000000000/inventory';
const message = (index: number) => ({
  MessageId: `m${index}`,
  ReceiptHandle: `r${index}`,
  Body: `body ${index}`,
  MessageAttributes: { type: { DataType: 'String', StringValue: 'OrderCancelled' } },
});

describe('moving a DLQ back to its source queue locally', () => {
  beforeEach(() => {
    sqs.reset();
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '3', ApproximateNumberOfMessagesNotVisible: '0', ApproximateNumberOfMessagesDelayed: '0' } });
  });
  afterEach(() => sqs.reset());

  it('moves the number counted at the start, sending each (body and attributes) before deleting it, with progress', async () => {
    // The DLQ would keep answering (a message failing again during the move): the count bounds the move.
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [message(1), message(2)] }).resolves({ Messages: [message(3)] });
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({ Successful: input.Entries.map(({ Id }) => ({ Id, MessageId: `new-${Id}`, MD5OfMessageBody: '' })), Failed: [] }));
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const progress: string[] = [];
    const moved = await moveMessages(new SQSClient({ region: 'us-east-1' }), DLQ, SOURCE, (done, total) => progress.push(`${done}/${total}`));

    expect(moved).toBe(3);
    expect(progress).toEqual(['0/3', '2/3', '3/3']);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(2);
    expect(sqs.commandCalls(ReceiveMessageCommand)[1]!.args[0].input.MaxNumberOfMessages).toBe(1);
    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    expect(sent.map((entry) => entry.MessageBody)).toEqual(['body 1', 'body 2', 'body 3']);
    expect(sent[0]!.MessageAttributes).toEqual(message(1).MessageAttributes);
    for (const call of sqs.commandCalls(SendMessageBatchCommand)) expect(call.args[0].input.QueueUrl).toBe(SOURCE);
    const deleted = sqs.commandCalls(DeleteMessageBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    expect(deleted.map((entry) => entry.ReceiptHandle)).toEqual(['r1', 'r2', 'r3']);
  });

  it('deletes only what was sent, and fails loudly when a send fails, leaving that message on the DLQ', async () => {
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [message(1), message(2)] });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: 'm0', MessageId: 'n1', MD5OfMessageBody: '' }], Failed: [{ Id: 'm1', Code: 'InternalError', SenderFault: false }] });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await expect(moveMessages(new SQSClient({ region: 'us-east-1' }), DLQ, SOURCE, () => undefined)).rejects.toThrow(/Could not send 1 message\(s\) back/);
    const deleted = sqs.commandCalls(DeleteMessageBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    expect(deleted.map((entry) => entry.ReceiptHandle)).toEqual(['r1']);
  });

  it('stops when the DLQ holds nothing', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
    expect(await moveMessages(new SQSClient({ region: 'us-east-1' }), DLQ, SOURCE, () => undefined)).toBe(0);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });
});
