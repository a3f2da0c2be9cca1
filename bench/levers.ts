/**
 * Two sections of docs/benchmarks.md: the decision on each lever of issue 17 (point 5), written
 * from the run's own variant figures, and our figures beside the published outside figures (point 6).
 */
import { KB, type BenchResults, type VariantRow } from './results';

/**
 * A lever "clearly pays" when, on every function it was tried on, it saves at least this much of
 * the deployed cold init (median above the empty floor) and adds no bytes: below that, a shared
 * machine's noise between two medians of the same run can make up the difference.
 */
const PAYS = { minMs: 3, minShareOfTotal: 0.05 } as const;

const ms = (value: number): string => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(1)} ms`;
const kb = (bytes: number): string => `${bytes < 0 ? '−' : '+'}${(Math.abs(bytes) / KB).toFixed(1)} KB`;
const list = (rows: readonly VariantRow[], show: (row: VariantRow) => string): string => rows.map((row) => `\`${row.function}\` ${show(row)}`).join(', ');

const URLS = {
  compileCache: 'https://nodejs.org/api/module.html#module-compile-cache',
  runtimeUpdates: 'https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html',
  initBilling: 'https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/',
  lambdaPerf: 'https://maxday.github.io/lambda-perf/',
  lambdaPerfRepo: 'https://github.com/maxday/lambda-perf',
  sdkIssue6144: 'https://github.com/aws/aws-sdk-js-v3/issues/6144',
  lambdaPerfDay: 'https://github.com/maxday/lambda-perf/blob/4d83ba4630ee0eeedc99bc9eec2e08cde97166c4/data/2025/2025-12-21.json',
  speedrun: 'https://speedrun.nobackspacecrew.com/blog/2025/07/21/the-fastest-node-22-lambda-coldstart-configuration.html',
} as const;

/** lambda-perf's ten cold starts of 2025-12-21, nodejs24.x zip, 512 MB, arm64: init duration in ms (URLS.lambdaPerfDay). */
const LAMBDA_PERF_NODE24_ARM64 = [122.95, 141.09, 114.02, 136.9, 146.27, 112.58, 155.81, 146.2, 144.62, 116.03] as const;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[middle]!;
};

/** Whether the variant (the lever applied) saves clearly, on every function it was tried on. */
const variantClearlyPays = (results: BenchResults, rows: readonly VariantRow[]): boolean =>
  rows.length > 0 &&
  rows.every((row) => {
    const deployed = results.coldInit.functions.find((entry) => entry.function === row.function);
    const saved = -row.addedColdMs;
    return deployed !== undefined && row.addedBytes >= 0 && saved >= Math.max(PAYS.minMs, PAYS.minShareOfTotal * deployed.totalMs.median);
  });

/** Whether the deployed choice saves clearly over the variant, on every function. */
const deployedClearlyPays = (results: BenchResults, rows: readonly VariantRow[]): boolean =>
  rows.length > 0 &&
  rows.every((row) => {
    const deployed = results.coldInit.functions.find((entry) => entry.function === row.function);
    return deployed !== undefined && row.addedColdMs >= Math.max(PAYS.minMs, PAYS.minShareOfTotal * deployed.totalMs.median);
  });

const loggerDecision = (results: BenchResults, rows: readonly VariantRow[]): string => {
  if (rows.length === 0) return '- **Powertools Logger and Metrics versus a lighter logger**: not measured in this run.';
  const figures = `Powertools Logger and Metrics weigh ${list(rows, (row) => `${kb(row.addedBytes)}, ${ms(row.addedColdMs)}`)} of cold init on Node.js ${results.coldInit.node} over a \`console.log\` logger writing the same fields (bench/stubs/console-logger.ts) with metrics left out`;
  if (deployedClearlyPays(results, rows)) {
    return `- **Powertools Logger and Metrics versus a lighter logger.** ${figures}. **Kept, not replaced**: the saving is real by this run's rule (≥ ${PAYS.minMs} ms and ≥ ${PAYS.minShareOfTotal * 100} % of the function's cold init on every function), but the variant emits no metrics at all, so it is an upper bound: a replacement would still have to write the same EMF metrics, and the house rule is a maintained library for that job (Powertools). Worth it only if the cold-init target cannot be met otherwise.`;
  }
  return `- **Powertools Logger and Metrics versus a lighter logger.** ${figures}. **Kept**: the difference is under this run's threshold (≥ ${PAYS.minMs} ms and ≥ ${PAYS.minShareOfTotal * 100} % of the function's cold init on every function), and the variant is an upper bound anyway (it emits no metrics).`;
};

const formatDecision = (results: BenchResults, rows: readonly VariantRow[]): string => {
  if (rows.length === 0) return '- **CommonJS versus ESM output**: not measured in this run.';
  const figures = `ESM (deployed) minus CommonJS: ${list(rows, (row) => `${kb(row.addedBytes)}, ${ms(row.addedColdMs)}`)} of cold init on Node.js ${results.coldInit.node}`;
  if (variantClearlyPays(results, rows)) {
    return `- **CommonJS versus ESM output.** ${figures}. CommonJS is clearly faster in this run on every function measured: a candidate for \`lib/bundling.ts\` (\`format\`), not applied here because the decision has to come from the run it is recorded in, and this is that run.`;
  }
  return `- **CommonJS versus ESM output.** ${figures}. **ESM kept**: CommonJS does not clearly save (the rule: ≥ ${PAYS.minMs} ms and ≥ ${PAYS.minShareOfTotal * 100} % of the function's cold init on every function, no added bytes); the bundles are one file each, so neither format resolves modules at run time, and ESM is what lets esbuild drop unused exports of the SDK's ES builds.`;
};

const primingDecision = (results: BenchResults, rows: readonly VariantRow[]): string => {
  if (rows.length === 0) return '- **Priming the SDK client during init**: not measured in this run.';
  const moved = list(rows, (row) => `init ${ms(-row.addedImportMs)}, first invocation ${ms(-row.addedInvokeMs)}, total ${ms(-row.addedColdMs)}`);
  const totalFalls = variantClearlyPays(results, rows);
  return `- **Priming the SDK client during init** (one awaited GetItem at the top level, bench/variants/primed-client.ts), primed minus deployed: ${moved}. It moves the first call's cost (TLS handshake, credentials, endpoint, the SDK's request path) from the first invocation into init; init is billed like the invocation since 1 August 2025 for managed runtimes (${URLS.initBilling}), so what counts is the total, and ${totalFalls ? 'here the total falls clearly: a candidate, if the extra read unit and GetItem access per cold start are acceptable' : 'the total does not fall clearly here'}. **Not applied**: it adds a read unit and GetItem access to every cold start, and a request that arrives during a cold start waits for init and invocation alike. (In Lambda, init may run with more CPU than a small function's invocation, which this machine cannot show.)`;
};

const COMPILE_CACHE = `- **Node.js compile cache** (\`module.enableCompileCache\`, \`NODE_COMPILE_CACHE\`): **not tried**, because it cannot be shown to work under Lambda's conditions. A cache built at deploy time would have to ship in the read-only code directory, but "compilation cache generated by one version of Node.js can not be reused by a different version of Node.js" (${URLS.compileCache}), and by default Lambda moves functions to new runtime versions on its own (${URLS.runtimeUpdates}), so the patch version is unknown at build time; the only writable place, /tmp, is empty at every cold start, so a cache written there serves only the warm container that no longer needs it.`;

export const renderLevers = (results: BenchResults): string => {
  const of = (lever: VariantRow['lever']): VariantRow[] => results.variants.filter((variant) => variant.lever === lever);
  return `## Levers: what was tried, and decided from these figures

Each lever is a what-if variant above (same rounds, Node.js ${results.coldInit.node}, cold init above the empty floor, median). The rule for applying one to the deployed bundles: it must save at least ${PAYS.minMs} ms and ${PAYS.minShareOfTotal * 100} % of the function's cold init on every function it was tried on, add no bytes, and keep every test passing.

${[loggerDecision(results, of('logger')), formatDecision(results, of('format')), primingDecision(results, of('priming')), COMPILE_CACHE].join('\n')}
`;
};

export const renderOutsideFigures = (results: BenchResults): string => {
  const floor = results.coldInit.floor.totalMs.median;
  const dynamo = results.coldInit.sdkFloors.find((entry) => entry.name === 'DynamoDB');
  const dynamoBytes = results.coldInit.sdkFloorBytes['DynamoDB'];
  const floorOf = (entry: (typeof results.coldInit.functions)[number]): number => results.coldInit.sdkFloors.find((candidate) => candidate.name === entry.sdkFloor)?.totalMs.median ?? floor;
  const worst = [...results.coldInit.functions].sort((a, b) => b.totalMs.median - floorOf(b) - (a.totalMs.median - floorOf(a)))[0];
  return `## Beside the outside figures

What a real cold start in Lambda is made of, and which part of it is ours. The figures below are published elsewhere; none was measured here.

- **An empty Node.js function in Lambda.** lambda-perf (${URLS.lambdaPerfRepo}, shown at ${URLS.lambdaPerf}) deploys a hello-world function per runtime and records ten cold starts a day. Its record of 21 December 2025 (${URLS.lambdaPerfDay}) gives nodejs24.x, arm64, 512 MB, init durations of ${LAMBDA_PERF_NODE24_ARM64.join(', ')} ms: median **${median(LAMBDA_PERF_NODE24_ARM64).toFixed(1)} ms** (its own average: 133.6 ms). The 120 to 125 ms quoted in issue 17 is within that day's range but not its median; it varies from day to day. That init is Lambda's runtime start before any of our code; our empty floor (${floor.toFixed(1)} ms here) counts only the import and call of an empty handler, as the Node.js start itself is left out of every figure above.
- **A bare DynamoDB client bundle.** The published size we could find is in aws-sdk-js-v3 issue 6144 (${URLS.sdkIssue6144}): a function with \`@aws-sdk/client-dynamodb\` bundled by esbuild weighed 316,588 bytes with SDK 3.575.0 and 463,023 bytes with 3.577.0, at 246.8 and 270.0 ms average init on Node.js 20. The figure of about 214 KB quoted in issue 17 was not found in any source we could search, so it is not used. Our SDK-only DynamoDB floor, built with the deployed options (aliases included), weighs **${dynamoBytes === undefined ? 'n/a' : (dynamoBytes / KB).toFixed(1)} KB** and starts in **${dynamo ? dynamo.totalMs.median.toFixed(1) : 'n/a'} ms** here (import and one GetItem).
- **A tuned SDK function in Lambda.** A published tuned configuration (Node.js 22, three SDK clients, ${URLS.speedrun}) reports about 375 ms init: about 250 ms to load the code and 125 ms for the first https request to DynamoDB.

So, in a Lambda cold start of a function of ours: Lambda's own runtime start (lambda-perf's median above, ${median(LAMBDA_PERF_NODE24_ARM64).toFixed(0)} ms on Lambda's arm64), then the SDK-only floor's ${dynamo ? dynamo.totalMs.median.toFixed(0) : 'n/a'} ms (measured on this machine, whose CPU is not Lambda's), then what is ours, the difference of the medians: at most ${worst ? `${(worst.totalMs.median - floorOf(worst)).toFixed(0)} ms (\`${worst.function}\`, above its floor)` : 'n/a'} in this run.
`;
};
