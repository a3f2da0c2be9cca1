/**
 * `npm run cost -- --requests-per-month N [--mix route=share,...] [--cold-start-rate R] [--socket-connection-minutes N] [--socket-connections-per-user N] [--results FILE] [--json]`:
 * the monthly cost of N API requests, per route and per event path, from what `npm run bench`
 * measured (bench/results.json) and the prices in bench/prices.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../lib/paths';
import { costOf, costSummary, costTable } from './cost-table';
import { DEFAULT_MIX } from './cost-model';
import { PRICES } from './prices';
import type { BenchResults } from './results';

const USAGE = 'Usage: npm run cost -- --requests-per-month N [--mix getProduct=0.5,placeOrder=0.1] [--cold-start-rate 0.01] [--socket-connection-minutes 0] [--socket-connections-per-user 1] [--results bench/results.json] [--json]';

interface Options {
  requestsPerMonth: number;
  mix?: Record<string, number>;
  coldStartRate?: number;
  socketConnectionMinutes?: number;
  socketConnectionsPerUser?: number;
  results: string;
  json: boolean;
}

const parse = (argv: readonly string[]): Options => {
  const options: Options = { requestsPerMonth: Number.NaN, results: path.join(repoRoot, 'bench', 'results.json'), json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    const value = (): string => {
      const next = argv[(i += 1)];
      if (next === undefined) throw new Error(`${flag} needs a value. ${USAGE}`);
      return next;
    };
    if (flag === '--requests-per-month') options.requestsPerMonth = Number(value().replaceAll('_', ''));
    else if (flag === '--mix') {
      options.mix = Object.fromEntries(
        value()
          .split(',')
          .map((pair) => pair.split('='))
          .map(([route, share]) => {
            if (!route || !(Number(share) >= 0) || !(route in DEFAULT_MIX)) throw new Error(`--mix takes route=share pairs of ${Object.keys(DEFAULT_MIX).join(', ')}`);
            return [route, Number(share)];
          }),
      );
    } else if (flag === '--cold-start-rate') options.coldStartRate = Number(value());
    else if (flag === '--socket-connection-minutes') options.socketConnectionMinutes = Number(value().replaceAll('_', ''));
    else if (flag === '--socket-connections-per-user') options.socketConnectionsPerUser = Number(value());
    else if (flag === '--results') options.results = path.resolve(value());
    else if (flag === '--json') options.json = true;
    else throw new Error(`Unknown argument ${flag}. ${USAGE}`);
  }
  if (!Number.isFinite(options.requestsPerMonth) || options.requestsPerMonth < 0) throw new Error(`--requests-per-month must be a number of requests. ${USAGE}`);
  for (const [flag, given] of [['--socket-connection-minutes', options.socketConnectionMinutes], ['--socket-connections-per-user', options.socketConnectionsPerUser]] as const) {
    if (given !== undefined && !(given >= 0)) throw new Error(`${flag} must be a number, 0 or more`);
  }
  if (options.coldStartRate !== undefined && !(options.coldStartRate >= 0 && options.coldStartRate <= 1)) throw new Error('--cold-start-rate is a share between 0 and 1');
  return options;
};

try {
  const options = parse(process.argv.slice(2));
  const results = JSON.parse(await readFile(options.results, 'utf8')) as BenchResults;
  const report = costOf(results, options);
  if (options.json) {
    console.log(JSON.stringify({ prices: { region: PRICES.region, asOf: PRICES.asOf }, measuredAt: results.generatedAt, ...report }, null, 2));
  } else {
    console.log(costSummary(report));
    console.log(`Measurements: ${path.relative(process.cwd(), options.results) || options.results} (${results.mode} run of ${results.generatedAt}).\n`);
    console.log(costTable(report));
    console.log(`\n${report.assumptions.map((assumption) => `- ${assumption}`).join('\n')}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
