/**
 * What-if stub for `@aws-lambda-powertools/logger` (bench variants only, never deployed): the
 * same calls, written as one JSON line each with console.log, so a build with it shows what the
 * Powertools Logger itself costs over plain structured logging.
 */
import { withNoOps } from './no-op';

type Extra = Record<string, unknown> | Error | string | undefined;
const LEVELS = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = keyof typeof LEVELS;

export class Logger {
  private keys: Record<string, unknown> = {};
  private readonly threshold: number;

  constructor(_options?: unknown) {
    const level = (process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO').toUpperCase() as Level;
    this.threshold = LEVELS[level] ?? LEVELS.INFO;
    return withNoOps(this);
  }
  private write(level: Level, message: string, extra: Extra[]): void {
    if (LEVELS[level] < this.threshold) return;
    const fields = Object.assign({}, ...extra.map((item) => (item instanceof Error ? { error: item.message } : typeof item === 'object' ? item : {})));
    console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), service: process.env.POWERTOOLS_SERVICE_NAME, ...this.keys, ...fields }));
  }
  debug(message: string, ...extra: Extra[]): void {
    this.write('DEBUG', message, extra);
  }
  info(message: string, ...extra: Extra[]): void {
    this.write('INFO', message, extra);
  }
  warn(message: string, ...extra: Extra[]): void {
    this.write('WARN', message, extra);
  }
  error(message: string, ...extra: Extra[]): void {
    this.write('ERROR', message, extra);
  }
  critical(message: string, ...extra: Extra[]): void {
    this.write('CRITICAL', message, extra);
  }
  addContext(context: { awsRequestId?: string; functionName?: string }): void {
    this.keys = { ...this.keys, function_request_id: context.awsRequestId, function_name: context.functionName };
  }
  appendKeys(keys: Record<string, unknown>): void {
    this.keys = { ...this.keys, ...keys };
  }
  appendPersistentKeys(keys: Record<string, unknown>): void {
    this.appendKeys(keys);
  }
  removeKeys(names: string[]): void {
    for (const name of names) delete this.keys[name];
  }
  resetKeys(): void {
    this.keys = {};
  }
  createChild(): Logger {
    return this;
  }
}
