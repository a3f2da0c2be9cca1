/**
 * A closed-loop load generator: `concurrency` clients, each sending its next request when the
 * last one is answered, for a fixed time and at most a fixed number of requests.
 */
import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from '../stats';

export interface LoadRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  /** Answers in the 2xx range per second of the run. */
  readonly requestsPerSecond: number;
  /** Of 2xx answers only. */
  readonly latencyMs: Summary;
  readonly ok: number;
  /** Answers by status outside 2xx (e.g. 429 if a throttle was hit), and network errors as `error`. */
  readonly failures: Record<string, number>;
  readonly durationMs: number;
  /** Every 2xx latency, to pool several runs. */
  readonly latencies: number[];
}

export const runLoad = async (
  next: (client: number, sequence: number) => LoadRequest,
  options: { concurrency: number; durationMs: number; maxRequests: number },
): Promise<LoadResult> => {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let sent = 0;
  const startedAt = performance.now();
  const deadline = startedAt + options.durationMs;
  const client = async (index: number): Promise<void> => {
    for (let sequence = 0; performance.now() < deadline && sent < options.maxRequests; sequence += 1) {
      sent += 1;
      const request = next(index, sequence);
      const sentAt = performance.now();
      try {
        const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
        await response.arrayBuffer();
        const elapsed = performance.now() - sentAt;
        if (response.status >= 200 && response.status < 300) latencies.push(elapsed);
        else failures[response.status] = (failures[response.status] ?? 0) + 1;
      } catch {
        failures.error = (failures.error ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => client(index)));
  const durationMs = performance.now() - startedAt;
  return {
    requestsPerSecond: latencies.length / (durationMs / 1000),
    latencyMs: summarize(latencies),
    ok: latencies.length,
    failures,
    durationMs,
    latencies,
  };
};
