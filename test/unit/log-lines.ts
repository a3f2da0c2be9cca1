import { vi } from 'vitest';

/** One JSON line a function printed: a Powertools log entry, or an EMF metrics blob (with `_aws`). */
type LogLine = Record<string, unknown>;

export interface CapturedOutput {
  /** Every JSON line written to stdout or stderr since capture began. */
  readonly lines: LogLine[];
  /** Everything written, JSON or not, as one string: for "never contains" assertions. */
  text(): string;
  /** Log entries (not metrics) with this message. */
  logged(message: string): LogLine[];
  /** The EMF metric values by name, summed over every blob printed. */
  metrics(): Record<string, number>;
  restore(): void;
}

/**
 * Captures what the function prints, as Lambda's log stream would receive it: Powertools Logger
 * and Metrics write through their own Console on process.stdout/stderr, so spying on the streams
 * sees their exact output (appended keys, context fields and EMF included).
 */
export const captureOutput = (): CapturedOutput => {
  let raw = '';
  const lines: LogLine[] = [];
  const sink = (chunk: string | Uint8Array): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    raw += text;
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        // Not one whole JSON line: kept in `text()` only.
      }
    }
    return true;
  };
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(sink), vi.spyOn(process.stderr, 'write').mockImplementation(sink)];
  return {
    lines,
    text: () => raw,
    logged: (message) => lines.filter((line) => line.message === message),
    metrics: () => {
      const totals: Record<string, number> = {};
      for (const line of lines) {
        const emf = line._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } | undefined;
        if (!emf) continue;
        for (const { Name } of emf.CloudWatchMetrics.flatMap((directive) => directive.Metrics)) {
          const value = line[Name] as number | number[];
          totals[Name] = (totals[Name] ?? 0) + (Array.isArray(value) ? value.reduce((a, b) => a + b, 0) : value);
        }
      }
      return totals;
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
};
