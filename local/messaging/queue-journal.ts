/**
 * fauxqs keeps its queues in memory. In a persistent run every change to a queue's contents is
 * appended to a journal file as it happens (a message added by SNS or SendMessage, received,
 * deleted, moved to a dead-letter queue, purged), synchronously, before fauxqs answers the call
 * that caused it. A SIGKILL therefore loses nothing a caller was told had been accepted: the next
 * start replays the journal, and every message not deleted is back in its queue with its receive
 * count (messages that were in flight are visible again, as after a visibility timeout).
 */
import fs from 'node:fs';
import type { SqsStore } from './fauxqs';

type Queue = NonNullable<ReturnType<SqsStore['getQueueByName']>>;
type Message = Parameters<Queue['enqueue']>[0];

type Entry =
  | { readonly op: 'add'; readonly q: string; readonly m: Message }
  | { readonly op: 'rcv'; readonly id: string }
  | { readonly op: 'del'; readonly id: string }
  | { readonly op: 'purge'; readonly q: string };

interface Live {
  queue: string;
  message: Message;
}

/** Reads what the journal says is in each queue; a last line cut short by a crash is ignored. */
const replay = (file: string): Map<string, Live> => {
  const live = new Map<string, Live>();
  if (!fs.existsSync(file)) return live;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const line of lines) {
    if (line === '') continue;
    let entry: Entry;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      continue;
    }
    switch (entry.op) {
      case 'add':
        // A message enqueued while it lives elsewhere is a move (to a dead-letter queue, or back).
        live.set(entry.m.messageId, { queue: entry.q, message: entry.m });
        break;
      case 'rcv': {
        const found = live.get(entry.id);
        if (found) found.message = { ...found.message, approximateReceiveCount: found.message.approximateReceiveCount + 1 };
        break;
      }
      case 'del':
        live.delete(entry.id);
        break;
      case 'purge':
        for (const [id, { queue }] of live) if (queue === entry.q) live.delete(id);
        break;
    }
  }
  return live;
};

export interface QueueJournal {
  /** Messages put back into their queues from the last run. */
  readonly restored: number;
  close(): void;
}

/**
 * Replays `file` into `queueNames`' queues, rewrites it compactly, then journals every later
 * change to those queues.
 */
export const openQueueJournal = (store: SqsStore, queueNames: readonly string[], file: string): QueueJournal => {
  const queues = new Map(queueNames.flatMap((name) => {
    const queue = store.getQueueByName(name);
    return queue ? [[name, queue] as const] : [];
  }));
  const live = replay(file);
  let restored = 0;
  for (const { queue: name, message } of live.values()) {
    const queue = queues.get(name);
    if (!queue) continue;
    queue.enqueue({ ...message, delayUntil: message.delayUntil && message.delayUntil > Date.now() ? message.delayUntil : undefined });
    restored += 1;
  }
  const compacted = [...live.values()].filter(({ queue }) => queues.has(queue)).map(({ queue, message }) => JSON.stringify({ op: 'add', q: queue, m: message }) + '\n');
  fs.writeFileSync(`${file}.tmp`, compacted.join(''));
  fs.renameSync(`${file}.tmp`, file);

  const fd = fs.openSync(file, 'a');
  let open = true;
  // appendFileSync on a descriptor: the line is in the kernel before fauxqs answers, so it survives the process.
  const write = (entry: Entry): void => {
    if (open) fs.writeSync(fd, JSON.stringify(entry) + '\n');
  };

  for (const [name, queue] of queues) {
    const enqueue = queue.enqueue.bind(queue);
    queue.enqueue = (message) => {
      write({ op: 'add', q: name, m: message });
      enqueue(message);
    };
    const dequeue = queue.dequeue.bind(queue);
    queue.dequeue = (...args) => {
      const received = dequeue(...args);
      for (const message of received) write({ op: 'rcv', id: message.MessageId });
      return received;
    };
    const deleteMessage = queue.deleteMessage.bind(queue);
    queue.deleteMessage = (receiptHandle) => {
      const id = queue.inflightMessages.get(receiptHandle)?.message.messageId;
      const deleted = deleteMessage(receiptHandle);
      if (id !== undefined && !queue.inflightMessages.has(receiptHandle)) write({ op: 'del', id });
      return deleted;
    };
    const purge = queue.purge.bind(queue);
    queue.purge = () => {
      write({ op: 'purge', q: name });
      purge();
    };
  }
  return {
    restored,
    close: () => {
      if (!open) return;
      open = false;
      fs.closeSync(fd);
    },
  };
};
