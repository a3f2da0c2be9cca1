/**
 * `npm run dlq -- <command> [queue] [--stage dev|prod] [--url URL] [--limit N]`, parsed into a
 * command the CLI runs. Bad arguments throw UsageError, whose message the CLI prints with USAGE.
 */
export const USAGE = `Usage: npm run dlq -- <command> [queue] [options]

Commands:
  list              each consumer's dead-letter queue and each relay's on-failure queue, with their counts
  show <queue>      the messages parked on a queue's DLQ: event type, ids, receive count, age, last error;
                    on <table>-relay-failures, each stream pointer and the unpublished outbox items it covers
  redrive <queue>   moves every message on a queue's DLQ back to the queue it came from;
                    on <table>-relay-failures, republishes the pointers' events from the table's outbox

Options:
  --stage dev|prod  a deployed stage (reads its stack outputs; uses your AWS credentials)
  --url URL         the local runtime (default: http://127.0.0.1:$PORT, else port 3000)
  --limit N         show: at most N messages (default 100)`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Target = { readonly kind: 'local'; readonly url: string } | { readonly kind: 'stage'; readonly stage: 'dev' | 'prod' };

export type DlqCommand =
  | { readonly command: 'list'; readonly target: Target }
  | { readonly command: 'show'; readonly queue: string; readonly limit: number; readonly target: Target }
  | { readonly command: 'redrive'; readonly queue: string; readonly target: Target };

const STAGES = ['dev', 'prod'] as const;

export const parseDlqArgs = (argv: readonly string[], env: NodeJS.ProcessEnv = {}): DlqCommand => {
  const positional: string[] = [];
  let stage: string | undefined;
  let url: string | undefined;
  let limit = 100;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const value = (): string => {
      const next = argv[++index];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
      return next;
    };
    if (arg === '--stage') stage = value();
    else if (arg === '--url') url = value();
    else if (arg === '--limit') {
      const raw = value();
      limit = Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError(`--limit must be a whole number from 1 to 10000, got "${raw}".`);
    } else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.`);
    else positional.push(arg);
  }
  if (stage !== undefined && !(STAGES as readonly string[]).includes(stage)) throw new UsageError(`--stage must be one of ${STAGES.join(', ')}, got "${stage}".`);
  if (stage !== undefined && url !== undefined) throw new UsageError('Give --stage or --url, not both.');
  if (url !== undefined && !/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}".`);
  const target: Target =
    stage === undefined ? { kind: 'local', url: (url ?? `http://127.0.0.1:${env.PORT || 3000}`).replace(/\/+$/, '') } : { kind: 'stage', stage: stage as 'dev' | 'prod' };

  const [command, queue, ...extra] = positional;
  if (command === undefined) throw new UsageError('Name a command.');
  if (command === 'list') {
    if (queue !== undefined) throw new UsageError('list takes no queue.');
    return { command, target };
  }
  if (command !== 'show' && command !== 'redrive') throw new UsageError(`Unknown command "${command}".`);
  if (queue === undefined) throw new UsageError(`${command} needs a queue name (npm run dlq -- list shows them).`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
  return command === 'show' ? { command, queue, limit, target } : { command, queue, target };
};
