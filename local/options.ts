import path from 'node:path';
import { LOCAL_MIN_PROCESSING_SECONDS } from './messaging/topology';
import { StartupError } from './startup-error';

export interface LocalOptions {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** DynamoDB Local in memory, a signing key per run, nothing written to disk. */
  readonly inMemory: boolean;
  /** Function logs: only warnings and errors. */
  readonly quiet: boolean;
  /** Absolute; holds the database, the signing key, stream checkpoints, queued messages and the lock. */
  readonly dataDir: string;
  /** Absolute; the access log (access.log) and function logs (logs/<function>.log) go here, also with --in-memory. */
  readonly logsDir: string;
  /**
   * Multiplies every consumer queue's visibility timeout (the declared value is six times the
   * function timeout: 180 s). Tests shorten it so a failing message reaches its DLQ in seconds;
   * it never goes below the batching window plus a few seconds (messaging/topology.ts says why).
   */
  readonly visibilityTimeoutScale: number;
  /** Rebuild the bundles when a function's source changes and replace their instances. */
  readonly watch: boolean;
  /** Stop (cleanly) when the parent process goes away: for tests and tools that start the runtime. */
  readonly stopWithParent: boolean;
  /** Build the web app when stale (with --watch: on every change); false serves clients/web/dist as it is. */
  readonly webBuild: boolean;
  /**
   * DynamoDB's transaction conflicts emulated in front of DynamoDB Local (dynamodb/conflict-proxy.ts).
   * On by default; off with --no-conflict-emulation or LOCAL_CONFLICT_EMULATION=off, to compare.
   */
  readonly conflictEmulation: boolean;
}

const USAGE = `Usage: npm start -- [options]

  --port N                      port of the local API (default: $PORT, else 3000)
  --in-memory                   keep nothing on disk (data, signing key and queued messages last one run)
  --data-dir DIR                where data, the signing key and the lock live (default: .local in the repository)
  --logs-dir DIR                where access.log and logs/<function>.log go (default: the data directory)
  --quiet                       show only warnings and errors from the functions
  --watch                       rebuild a function's bundle when its source changes and serve the new code
                                (npm run dev is npm start -- --watch)
  --no-web-build                serve the web app's last build (clients/web/dist) as it is: neither build nor watch it
  --stop-with-parent            stop cleanly when the process that started this one exits (for tools and tests)
  --no-conflict-emulation       let concurrent DynamoDB transactions on one item all succeed, as DynamoDB Local
                                does, instead of cancelling them as DynamoDB does (also LOCAL_CONFLICT_EMULATION=off)
  --visibility-timeout-scale X  multiply consumer queues' visibility timeouts by X (default 1; tests use ~0.005;
                                never below the batching window + ${LOCAL_MIN_PROCESSING_SECONDS} s)
  --help                        show this help`;

const parsePort = (raw: string | undefined, source: string): number => {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new StartupError(`${source} must be a port number between 1 and 65535, got "${raw ?? ''}".`);
  }
  return port;
};

const conflictEmulationFromEnv = (env: NodeJS.ProcessEnv): boolean => {
  const raw = env.LOCAL_CONFLICT_EMULATION;
  if (raw === undefined || raw === '' || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new StartupError(`LOCAL_CONFLICT_EMULATION must be "on" or "off", got "${raw}".`);
};

/** Parses the command line; `--help` returns undefined after printing the usage. */
export const parseOptions = (argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, defaultDataDir: string): LocalOptions | undefined => {
  let port = env.PORT ? parsePort(env.PORT, 'PORT') : 3000;
  let inMemory = false;
  let quiet = false;
  let dataDir = defaultDataDir;
  let logsDir: string | undefined;
  let visibilityTimeoutScale = 1;
  let watch = false;
  let stopWithParent = false;
  let webBuild = true;
  let conflictEmulation = conflictEmulationFromEnv(env);
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new StartupError(`${flag} needs a value.`, USAGE);
      i += 1;
      return next;
    };
    switch (flag) {
      case '--port':
        port = parsePort(value(), '--port');
        break;
      case '--in-memory':
        inMemory = true;
        break;
      case '--quiet':
        quiet = true;
        break;
      case '--watch':
        watch = true;
        break;
      case '--stop-with-parent':
        stopWithParent = true;
        break;
      case '--no-web-build':
        webBuild = false;
        break;
      case '--no-conflict-emulation':
        conflictEmulation = false;
        break;
      case '--data-dir':
        dataDir = value();
        break;
      case '--logs-dir':
        logsDir = value();
        break;
      case '--visibility-timeout-scale': {
        const raw = value();
        visibilityTimeoutScale = Number(raw);
        if (!Number.isFinite(visibilityTimeoutScale) || visibilityTimeoutScale <= 0 || visibilityTimeoutScale > 1) {
          throw new StartupError(`--visibility-timeout-scale must be a number in (0, 1], got "${raw}".`);
        }
        break;
      }
      case '--help':
      case '-h':
        console.log(USAGE);
        return undefined;
      default:
        throw new StartupError(`Unknown option ${flag}.`, USAGE);
    }
  }
  const absoluteDataDir = path.resolve(cwd, dataDir);
  return {
    host: '127.0.0.1',
    port,
    inMemory,
    quiet,
    dataDir: absoluteDataDir,
    logsDir: logsDir === undefined ? absoluteDataDir : path.resolve(cwd, logsDir),
    visibilityTimeoutScale,
    watch,
    stopWithParent,
    webBuild,
    conflictEmulation,
  };
};
