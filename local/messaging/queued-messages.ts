/**
 * fauxqs keeps messages in memory only. A persistent run saves what is still queued when it
 * stops and puts it back when it starts, so an event published just before a restart is still
 * delivered (as it would be by SQS). Receive counts are kept, so the DLQ rule still holds;
 * messages that were in flight become visible again at once. A crash (kill -9) loses them.
 */
import fs from 'node:fs';
import type { SqsStore } from './fauxqs';

type SavedMessage = NonNullable<ReturnType<SqsStore['inspectQueue']>>['messages']['ready'][number];
type Saved = Record<string, SavedMessage[]>;

export const saveQueuedMessages = (store: SqsStore, queueNames: readonly string[], file: string): number => {
  const saved: Saved = {};
  let count = 0;
  for (const name of queueNames) {
    const messages = store.inspectQueue(name)?.messages;
    if (!messages) continue;
    const all = [...messages.ready, ...messages.delayed, ...messages.inflight.map((entry) => entry.message)];
    if (all.length > 0) saved[name] = all;
    count += all.length;
  }
  fs.writeFileSync(file, JSON.stringify(saved));
  return count;
};

export const restoreQueuedMessages = (store: SqsStore, file: string): number => {
  if (!fs.existsSync(file)) return 0;
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Saved;
  let count = 0;
  for (const [name, messages] of Object.entries(saved)) {
    const queue = store.getQueueByName(name);
    if (!queue) continue;
    for (const message of messages) queue.enqueue({ ...message, delayUntil: undefined });
    count += messages.length;
  }
  fs.rmSync(file);
  return count;
};
