/**
 * `npm start`: starts the local runtime, prints where it is and how to use it, and stops it
 * cleanly on SIGINT/SIGTERM (exit 0). Start-up problems are reported as one clear message and a
 * non-zero exit, never a stack trace.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRuntimeLog } from './log';
import { watchParent } from './parent-watch';
import { parseOptions, type LocalOptions } from './options';
import { REPOSITORY_ROOT, startLocalRuntime, type LocalRuntime } from './runtime';
import { StartupError } from './startup-error';
import { startWebApp } from './web/start-web-app';
import type { WebAppWatcher } from './web/web-build';

/** A second signal sooner than this after the first is the same Ctrl-C, delivered twice. */
const INSISTENCE_MS = 2_000;

const explain = (error: unknown): string => {
  if (error instanceof StartupError) return `Cannot start the local runtime: ${error.message}${error.hint ? `\n${error.hint}` : ''}`;
  const message = error instanceof Error ? error.message : String(error);
  const detail = process.env.LOCAL_DEBUG && error instanceof Error ? `\n${error.stack}` : '\n(set LOCAL_DEBUG=1 for the stack trace)';
  return `The local runtime failed: ${message}${detail}`;
};

const banner = (runtime: LocalRuntime, options: LocalOptions, seconds: number): string => {
  const data = options.inMemory ? 'in memory (nothing kept after exit)' : path.relative(process.cwd(), options.dataDir) || '.';
  const token = `curl -s -X POST ${runtime.url}/_local/token -H 'content-type: application/json' -d '{"sub":"alice","email":"alice@example.com","groups":["admin"]}'`;
  return [
    `Local API ready at ${runtime.url}`,
    `  Started in ${seconds.toFixed(1)} s (DynamoDB Local ready at ${(runtime.dynamoDbReadyAt / 1000).toFixed(1)} s): ${runtime.functionCount} functions, DynamoDB Local, SNS/SQS. Data: ${data}.`,
    `  Get a token:  ${token}`,
    `  API keys:     ${Object.entries(runtime.apiKeys).map(([app, key]) => `${app}=${key}`).join(', ')} (send one as x-api-key)`,
    `  Call the API: curl -H "Authorization: Bearer $TOKEN" -H 'x-api-key: ${runtime.apiKeys.web ?? Object.values(runtime.apiKeys)[0] ?? ''}' ${runtime.url}/v1/products`,
    `  Web app:      ${runtime.url}/app/ (clients/web; sign in with any name)`,
    `  Inspect:      ${runtime.url}/_local/resources and ${runtime.url}/_local/queues`,
    `  Access log:   ${path.relative(process.cwd(), runtime.accessLogFile) || runtime.accessLogFile}`,
    `  Function logs: ${path.join(path.relative(process.cwd(), runtime.logsDir) || runtime.logsDir, '<function>.log')} (grep -r <correlation id> finds a request's whole path)`,
    options.quiet
      ? '  Logs:         --quiet: only warnings and errors from functions and pollers, on stderr.'
      : '  Logs:         here: one line per API call, and every function log line (JSON) prefixed with the function name.',
    ...(options.watch ? ["  Watch:        a change to a function's source rebuilds its bundle and replaces its instances; the web app rebuilds on save"] : []),
    '  Stop:         Ctrl+C',
  ].join('\n');
};

export const main = async (argv: readonly string[]): Promise<void> => {
  // The runtime's own SDK clients: on Node 20 the SDK warns that it will require Node 22 in 2027.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let options: LocalOptions | undefined;
  try {
    options = parseOptions(argv, process.env, process.cwd(), path.join(REPOSITORY_ROOT, '.local'));
  } catch (error) {
    console.error(explain(error));
    process.exit(2);
  }
  if (!options) return;
  const log = createRuntimeLog(options.quiet);

  let runtime: LocalRuntime | undefined;
  let webApp: WebAppWatcher | undefined;
  let stopRequested: number | undefined;
  let stopping: Promise<void> | undefined;
  const shutdown = (code: number): Promise<void> =>
    (stopping ??= (async () => {
      await Promise.all([runtime?.stop(), webApp?.close()]);
      process.exit(code);
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    // One Ctrl-C often arrives twice: from the terminal to the whole process group, and relayed by
    // npm. Only a signal well after the first is a person insisting: then exit without waiting.
    if (stopRequested !== undefined) {
      if (performance.now() - stopRequested < INSISTENCE_MS) return;
      log.warn(`${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stopRequested = performance.now();
    if (runtime) {
      log.info(`${signal}: stopping...`);
      void shutdown(0);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', (error) => {
    log.warn(explain(error));
    void shutdown(1);
  });
  process.on('unhandledRejection', (error) => {
    log.warn(explain(error));
    void shutdown(1);
  });

  // Built beside the runtime's start-up, which spends most of its time waiting for DynamoDB Local.
  const webAppStarted = options.webBuild ? startWebApp(options.watch, log) : Promise.resolve(undefined);
  try {
    runtime = await startLocalRuntime(options, log);
    webApp = await webAppStarted;
  } catch (error) {
    // Ctrl+C during start-up also stops DynamoDB Local (same process group): not an error then.
    if (stopRequested !== undefined) process.exit(0);
    console.error(explain(error));
    process.exit(1);
  }
  if (stopRequested !== undefined) return shutdown(0);
  if (options.stopWithParent) watchParent(() => {
    log.info('The parent process is gone: stopping...');
    void shutdown(0);
  });
  console.log(banner(runtime, options, performance.now() / 1000));
  void runtime.failed.then((reason) => {
    log.warn(`${reason} Stopping.`);
    void shutdown(1);
  });
};
