import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFauxqs, type Fauxqs } from '../../../../local/messaging/fauxqs';
import { openQueueJournal, type QueueJournal } from '../../../../local/messaging/queue-journal';
import { localClientConfig } from '../../../../local/sdk';

let dir: string;
let file: string;
const opened: { fauxqs: Fauxqs; sqs: SQSClient; journal: QueueJournal }[] = [];

/** A fresh emulator, as after a restart, with the queues the runtime creates and the journal replayed into them. */
const boot = async () => {
  const fauxqs = await startFauxqs();
  const sqs = new SQSClient(localClientConfig(fauxqs.endpoint));
  const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'work-dlq' }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'work', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 2 }), VisibilityTimeout: '0' } }),
  );
  const journal = openQueueJournal(fauxqs.sqsStore, ['work', 'work-dlq'], file);
  const entry = { fauxqs, sqs, journal };
  opened.push(entry);
  return { ...entry, url: url!, dlqUrl: dlqUrl! };
};
/** What a SIGKILL leaves: the journal file as written, nothing saved on the way out. */
const kill = async ({ fauxqs, sqs }: { fauxqs: Fauxqs; sqs: SQSClient }) => {
  sqs.destroy();
  await fauxqs.stop();
};
const bodiesIn = (store: Fauxqs['sqsStore'], queue: string) => {
  const messages = store.inspectQueue(queue)!.messages;
  return [...messages.ready, ...messages.delayed, ...messages.inflight.map((entry) => entry.message)].map((message) => message.body).sort();
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-journal-'));
  file = path.join(dir, 'queue-journal.ndjson');
});
afterEach(async () => {
  for (const { fauxqs, sqs, journal } of opened.splice(0)) {
    journal.close();
    sqs.destroy();
    await fauxqs.stop().catch(() => undefined);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the queue journal', () => {
  it('puts back after a kill every message not deleted, in flight ones included, and not the deleted ones', async () => {
    const first = await boot();
    for (const body of ['a', 'b', 'c']) await first.sqs.send(new SendMessageCommand({ QueueUrl: first.url, MessageBody: body }));
    const { Messages = [] } = await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: first.url, MaxNumberOfMessages: 2 }));
    const deleted = Messages[0]!;
    await first.sqs.send(new DeleteMessageCommand({ QueueUrl: first.url, ReceiptHandle: deleted.ReceiptHandle! }));
    await kill(first);

    const second = await boot();

    expect(second.journal.restored).toBe(2);
    expect(bodiesIn(second.fauxqs.sqsStore, 'work')).toEqual(['a', 'b', 'c'].filter((body) => body !== deleted.Body));
  });

  it('keeps receive counts, so a message that moved to the dead-letter queue stays there and one near the limit does not get extra tries', async () => {
    const first = await boot();
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.url, MessageBody: 'poison' }));
    for (let i = 0; i < 3; i += 1) await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: first.url }));
    expect(bodiesIn(first.fauxqs.sqsStore, 'work-dlq')).toEqual(['poison']);
    await kill(first);

    const second = await boot();

    expect(bodiesIn(second.fauxqs.sqsStore, 'work')).toEqual([]);
    expect(bodiesIn(second.fauxqs.sqsStore, 'work-dlq')).toEqual(['poison']);
    expect(second.fauxqs.sqsStore.inspectQueue('work-dlq')!.messages.ready[0]!.approximateReceiveCount).toBe(3);
  });

  it('forgets purged messages, and ignores a last line cut short by the kill', async () => {
    const first = await boot();
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.url, MessageBody: 'gone' }));
    await first.sqs.send(new PurgeQueueCommand({ QueueUrl: first.url }));
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.url, MessageBody: 'kept' }));
    await kill(first);
    fs.appendFileSync(file, '{"op":"add","q":"work","m":{"messageId":"half');

    const second = await boot();

    expect(bodiesIn(second.fauxqs.sqsStore, 'work')).toEqual(['kept']);
  });
});
