/** The cost model's inputs from bench/results.json, and its table as markdown (for the CLI and the report). */
import { app } from '../lib/app';
import { DEFAULT_MIX, monthlyCost, type CostBreakdown, type CostReport } from './cost-model';
import { benchConfig, benchFunctions } from './functions';
import { PRICES } from './prices';
import type { BenchResults } from './results';

/** What an API access log line weighs when the benchmark could not read the local access log. */
const FALLBACK_ACCESS_LOG_BYTES = 400;

export interface CostOptions {
  readonly requestsPerMonth: number;
  readonly mix?: Readonly<Record<string, number>>;
  /** Share of invocations that start cold (their init is billed). */
  readonly coldStartRate?: number;
  /** Connection minutes on the live socket, all users together (a user with the app open 2 h a day: ~3,600 a month). */
  readonly socketConnectionMinutes?: number;
  /** Open connections a user has when an event of theirs is pushed (apps and tabs). */
  readonly socketConnectionsPerUser?: number;
}

export const costOf = (results: BenchResults, options: CostOptions): CostReport => {
  const functions = benchFunctions();
  const labels = Object.fromEntries(functions.filter((fn) => fn.kind === 'api').map((fn) => [fn.name, fn.label]));
  return monthlyCost(
    {
      requestsPerMonth: options.requestsPerMonth,
      mix: options.mix ?? DEFAULT_MIX,
      capacity: results.capacity,
      memoryMb: Object.fromEntries(functions.map((fn) => [fn.name, fn.memoryMb])),
      initMs: results.initMs,
      coldStartRate: options.coldStartRate ?? 0.01,
      tracing: benchConfig.tracing,
      waf: benchConfig.waf.enabled,
      accessLogBytesPerRequest: results.local.accessLogBytesPerRequest ?? FALLBACK_ACCESS_LOG_BYTES,
      prices: PRICES,
      socket: {
        pushedEventTypes: app.consumers.filter((consumer) => consumer.postsToSocket).flatMap((consumer) => consumer.events),
        connectionsPerUser: options.socketConnectionsPerUser ?? 1,
        connectionMinutesPerMonth: options.socketConnectionMinutes ?? 0,
      },
    },
    labels,
  );
};

const money = (value: number): string => (value >= 100 ? `$${value.toFixed(0)}` : value >= 1 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`);
const count = (value: number): string => (value >= 1e6 ? `${(value / 1e6).toFixed(2)} M` : value >= 1e3 ? `${(value / 1e3).toFixed(1)} k` : value.toFixed(0));

const COLUMNS: [keyof CostBreakdown, string][] = [
  ['apiGateway', 'API Gateway'],
  ['waf', 'WAF'],
  ['lambdaRequests', 'Lambda requests'],
  ['lambdaDuration', 'Lambda GB-s'],
  ['dynamodb', 'DynamoDB'],
  ['sns', 'SNS'],
  ['sqs', 'SQS'],
  ['logs', 'Logs'],
  ['xray', 'X-Ray'],
  ['websocket', 'WebSocket'],
];

export const costTable = (report: CostReport): string => {
  const header = `| Route or event path | per month | RRU | WRU | ${COLUMNS.map(([, title]) => title).join(' | ')} | Total |`;
  const rule = `|---|--:|--:|--:|${COLUMNS.map(() => '--:').join('|')}|--:|`;
  const rows = report.rows.map(
    (row) =>
      `| ${row.kind === 'route' ? `\`${row.item}\`` : row.item} | ${count(row.count)} | ${row.readUnits || ''} | ${row.writeUnits || ''} | ${COLUMNS.map(([key]) => (row.monthly[key] ? money(row.monthly[key]) : '')).join(' | ')} | ${money(row.total)} |`,
  );
  const total = `| **Total** | | | | ${COLUMNS.map(([key]) => `**${money(report.total[key])}**`).join(' | ')} | **${money(report.total.total)}** |`;
  return [header, rule, ...rows, total].join('\n');
};

export const costSummary = (report: CostReport): string =>
  `${count(report.requestsPerMonth)} API requests a month: **${money(report.total.total)} a month**, ${money(report.perMillionRequests)} per million requests (prices: ${PRICES.region}, as of ${PRICES.asOf}, bench/prices.ts; ${app.routes.length} routes in lib/app.ts).`;
