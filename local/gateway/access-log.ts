/**
 * The stage's access log, locally: one JSON line per API request with the same fields as the
 * stack's access log format (lib/access-log.ts), appended to a file and, unless --quiet, printed.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AccessLogFieldName } from '../../lib/access-log';

/** API Gateway writes `-` for a $context variable that has no value. */
export type AccessLogLine = Record<AccessLogFieldName, string | number>;

export interface AccessLog {
  readonly file: string;
  write(line: AccessLogLine): void;
}

export const createAccessLog = (file: string, echo: ((line: string) => void) | undefined): AccessLog => {
  mkdirSync(path.dirname(file), { recursive: true });
  return {
    file,
    write: (line) => {
      const text = JSON.stringify(line);
      // One write per line, opened in append mode: lines from concurrent requests never interleave.
      appendFileSync(file, `${text}\n`);
      echo?.(text);
    },
  };
};
