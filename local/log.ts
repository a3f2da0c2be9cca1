/**
 * Where output goes. The runtime's own messages: progress on stdout (hidden by --quiet), problems
 * on stderr. Function logs (Powertools writes one JSON object per line) go to stdout prefixed
 * with the function's name, as CloudWatch keeps one log group per function; with --quiet only
 * their warnings and errors are shown, on stderr. Whatever --quiet says, every line a function
 * prints is also appended, unprefixed, to its own file (`<logs dir>/<function>.log`), the local
 * stand-in for its log group: `grep -r <correlation id>` over the directory finds a request's path.
 */
import fs from 'node:fs';
import path from 'node:path';
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

/** One log file per function, the local counterpart of its CloudWatch log group. */
export interface FunctionLogFiles {
  readonly dir: string;
  /** The file of a function's lines. */
  fileOf(functionName: string): string;
  /** Appends the line to the function's file; stdout and stderr alike, as Lambda sends both to CloudWatch. */
  readonly write: FunctionLogSink;
  close(): void;
}

/**
 * Opens (appending, like a log group that keeps earlier runs) one file per function under `dir`.
 * Writes are synchronous and whole lines: a test that saw a response can read the lines the
 * request caused, and lines of concurrent invocations never interleave.
 */
export const openFunctionLogFiles = (dir: string): FunctionLogFiles => {
  fs.mkdirSync(dir, { recursive: true });
  const descriptors = new Map<string, number>();
  let closed = false;
  const fileOf = (functionName: string): string => path.join(dir, `${functionName}.log`);
  return {
    dir,
    fileOf,
    write: (functionName, _stream, line) => {
      // A worker being terminated can still flush a line after the runtime closed the files.
      if (closed) return;
      let fd = descriptors.get(functionName);
      if (fd === undefined) {
        fd = fs.openSync(fileOf(functionName), 'a');
        descriptors.set(functionName, fd);
      }
      fs.writeSync(fd, `${line}\n`);
    },
    close: () => {
      closed = true;
      for (const fd of descriptors.values()) fs.closeSync(fd);
      descriptors.clear();
    },
  };
};

/** A sink that hands every line to each of `sinks`, in order. */
export const teeFunctionLines =
  (...sinks: FunctionLogSink[]): FunctionLogSink =>
  (functionName, stream, line) => {
    for (const sink of sinks) sink(functionName, stream, line);
  };
