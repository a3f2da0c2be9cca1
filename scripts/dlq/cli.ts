/** Runs one parsed `npm run dlq` command against a target, writing what it finds to `out`. */
import type { DlqCommand } from './args';
import { readLoggedErrors } from './last-error';
import { describeParkedMessage, formatParkedMessage } from './parked-message';
import { findQueue } from './queues';
import { redriveRelayQueue, showRelayQueue } from './relay-cli';
import { countMessages, peekMessages } from './sqs-queues';
import { logFileOf, type DlqTarget } from './targets';

export interface Output {
  line(text: string): void;
  /** A progress line, rewritten in place on a terminal. */
  progress(text: string): void;
}

export const runDlqCommand = async (command: DlqCommand, target: DlqTarget, out: Output, now: () => number = Date.now): Promise<void> => {
  if (command.command === 'list') {
    out.line(`Dead-letter queues of ${target.description}:`);
    const width = Math.max(...target.queues.map((queue) => queue.name.length));
    for (const queue of target.queues) out.line(`  ${queue.name.padEnd(width)}  ${await countMessages(target.sqs, queue.dlqUrl)} message(s)`);
    out.line('Relay on-failure queues (pointers to stream records; redrive republishes their events from the outbox):');
    const relayWidth = Math.max(...target.relayQueues.map((queue) => queue.name.length));
    for (const queue of target.relayQueues) out.line(`  ${queue.name.padEnd(relayWidth)}  ${await countMessages(target.sqs, queue.url)} pointer(s)`);
    return;
  }
  const relayQueue = target.relayQueues.find((queue) => queue.name === command.queue);
  if (relayQueue) {
    if (command.command === 'show') await showRelayQueue(target, relayQueue, command.limit, out, now());
    else await redriveRelayQueue(target, relayQueue, out);
    return;
  }
  const queue = findQueue(target.queues, command.queue, target.relayQueues.map((candidate) => candidate.name));
  if (command.command === 'show') {
    const raw = await peekMessages(target.sqs, queue.dlqUrl, command.limit);
    const logFile = logFileOf(target, queue);
    const errors = logFile === undefined ? new Map<string, string>() : readLoggedErrors(logFile);
    out.line(`${queue.name}-dlq on ${target.description}: ${raw.length} message(s)${raw.length === command.limit ? ` (the first ${command.limit}; --limit shows more)` : ''}`);
    for (const message of raw) {
      const described = describeParkedMessage(message, now());
      out.line(formatParkedMessage({ ...described, lastError: errors.get(described.messageId) ?? errors.get(described.eventId) }));
    }
    if (logFile === undefined && raw.length > 0) out.line('(The consumers\' errors are in CloudWatch Logs: search the consumer\'s log group for the message id.)');
    return;
  }
  const moved = await target.redrive(queue, (done, toMove) => out.progress(`Moving ${queue.name}-dlq -> ${queue.name}: ${done}/${toMove}`));
  out.line(`Moved ${moved} message(s) from ${queue.name}-dlq back to ${queue.name}.`);
};
