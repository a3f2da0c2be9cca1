/**
 * The consumer's last logged error about a message, from its local log file: the consumer wrapper
 * (lambdas/shared/consumer.ts) logs every failure as one JSON line carrying the message id, and the
 * event id when the body was an event. A DLQ keeps the message id of the message it parks.
 */
import fs from 'node:fs';

const describeLine = (line: Record<string, unknown>): string => {
  const parts = [String(line.message ?? 'error')];
  const error = line.error as { message?: unknown } | undefined;
  if (error && typeof error.message === 'string') parts.push(error.message);
  if (Array.isArray(line.problems)) parts.push(line.problems.map(String).join('; '));
  return parts.join(': ');
};

/** Errors by message id and by event id, the last one of each winning. */
export const indexLoggedErrors = (logText: string): Map<string, string> => {
  const errors = new Map<string, string>();
  for (const text of logText.split('\n')) {
    if (!text.includes('"ERROR"')) continue;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (line.level !== 'ERROR') continue;
    const description = describeLine(line);
    for (const key of [line.messageId, line.eventId]) if (typeof key === 'string') errors.set(key, description);
  }
  return errors;
};

export const readLoggedErrors = (logFile: string): Map<string, string> => {
  try {
    return indexLoggedErrors(fs.readFileSync(logFile, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
};
