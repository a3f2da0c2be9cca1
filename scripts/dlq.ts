/** `npm run dlq -- list | show <queue> | redrive <queue>`: see scripts/dlq/args.ts for the options. */
import { parseDlqArgs, USAGE, UsageError } from './dlq/args';
import { runDlqCommand } from './dlq/cli';
import { UnknownQueueError } from './dlq/queues';
import { connectLocal, connectStage } from './dlq/targets';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const main = async (): Promise<number> => {
  let command;
  try {
    command = parseDlqArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const target = command.target.kind === 'local' ? await connectLocal(command.target.url) : await connectStage(command.target.stage);
  const tty = process.stdout.isTTY;
  let pending = false;
  try {
    await runDlqCommand(command, target, {
      line: (text) => {
        process.stdout.write(`${pending ? '\n' : ''}${text}\n`);
        pending = false;
      },
      progress: (text) => {
        if (tty) {
          process.stdout.write(`\r${text}`);
          pending = true;
        } else process.stdout.write(`${text}\n`);
      },
    });
    return 0;
  } catch (error) {
    if (error instanceof UnknownQueueError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    target.destroy();
  }
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
