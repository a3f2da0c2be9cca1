/**
 * Where output goes. The runtime's own messages: progress on stdout (hidden by --quiet), problems
 * on stderr. Function logs (Powertools writes one JSON object per line) go to stdout prefixed
 * with the function's name, as CloudWatch keeps one log group per function; with --quiet only
 * their warnings and errors are shown, on stderr.
 */
import type { FunctionLogSink } from './functions/function-pool';

export interface RuntimeLog {
  info(message: string): void;
  warn(message: string): void;
  readonly functionLine: FunctionLogSink;
}

const LOUD_LEVELS = new Set(['WARN', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL']);

const levelOf = (line: string): string | undefined => {
  if (!line.startsWith('{')) return undefined;
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return typeof level === 'string' ? level.toUpperCase() : undefined;
  } catch {
    return undefined;
  }
};

export const createRuntimeLog = (quiet: boolean): RuntimeLog => ({
  info: (message) => {
    if (!quiet) process.stdout.write(`${message}\n`);
  },
  warn: (message) => {
    process.stderr.write(`${message}\n`);
  },
  functionLine: (functionName, stream, line) => {
    const loud = stream === 'stderr' || LOUD_LEVELS.has(levelOf(line) ?? '');
    if (quiet && !loud) return;
    (loud && quiet ? process.stderr : process.stdout).write(`${functionName} | ${line}\n`);
  },
});
