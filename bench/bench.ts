/**
 * `npm run bench [-- --quick] [-- --out DIR]`: builds every function as the stack does and
 * measures bundle size, cold init, warm handler latency, local end-to-end throughput and event
 * latency, DynamoDB units, log bytes and publishes per request, and the typed client's size (minified +
 * gzip); then writes bench/results.json,
 * docs/benchmarks.md and docs/benchmarks.svg (or all three into DIR). `--quick` runs tiny counts
 * on a few functions, for `npm test`: the figures mean nothing, the shape is what is checked.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAMBDA_NODE_OPTIONS } from '../lib/bundling';
import { repoRoot } from '../lib/paths';
import { startLocalRuntime } from '../test/e2e/support/local-runtime';
import { buildBundle, buildBundles, type Bundle } from './bundles';
import { measureClientSize } from './client-size';
import { aggregateCapacity } from './capacity/aggregate';
import type { CapacityRun } from './capacity/run';
import { renderChart } from './chart';
import { startAwsStub } from './cold-start/aws-stub';
import { FLOOR_HANDLER, lambdaRuntimeEnvironment, measureColdStarts, type ColdResults, type ColdTarget } from './cold-start/cold-init';
import { LAMBDA_NODE_VERSION, lambdaNodeBinary } from './cold-start/lambda-node';
import { SDK_FLOORS, sdkFloorOf } from './cold-start/sdk-floors';
import { benchFunctions, deployedEnvironment, type BenchFunction } from './functions';
import { measureLocal, type LocalResources } from './local/e2e';
import { interruptAndTime, measureWatchReload, readmeWalkThrough, startFigures, treeResidentMb } from './local/runtime-lifecycle';
import { renderReport } from './report';
import { checkTargets, RESULTS_SCHEMA, type BenchResults, type VariantRow } from './results';
import { VARIANTS } from './variants';
import type { WarmResult } from './warm/run';

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Counts {
  /** Functions measured (all when undefined). */
  readonly functions?: readonly string[];
  /** Functions whose what-if variants are measured. */
  readonly variantFunctions: readonly string[];
  readonly coldRuns: number;
  readonly warmIterations: number;
  readonly storyIterations: number;
  readonly local: { concurrency: number; rounds: number; roundMs: number; eventOrders: number };
}

const FULL: Counts = {
  variantFunctions: ['getUser', 'placeOrder', 'ordersConsumer', 'relay'],
  coldRuns: 20,
  warmIterations: 5_000,
  storyIterations: 4,
  local: { concurrency: 4, rounds: 4, roundMs: 5_000, eventOrders: 50 },
};
const QUICK: Counts = {
  functions: ['getHealth', 'getUser', 'getProduct', 'placeOrder', 'ordersConsumer', 'relay'],
  variantFunctions: ['getUser'],
  coldRuns: 2,
  warmIterations: 200,
  storyIterations: 1,
  local: { concurrency: 2, rounds: 1, roundMs: 1_000, eventOrders: 3 },
};

const parseArgs = (argv: readonly string[]): { quick: boolean; out?: string } => {
  let quick = false;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--out' && argv[i + 1]) out = path.resolve(argv[(i += 1)]!);
    else throw new Error(`Unknown argument ${arg}. Usage: npm run bench -- [--quick] [--out DIR]`);
  }
  return { quick, ...(out ? { out } : {}) };
};

const startedAt = Date.now();
const log = (line: string): void => console.log(`[bench ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)} s] ${line}`);

/** Runs a TypeScript script of the benchmark in its own process (tsx), stdout to /dev/null. */
const runScript = (script: string, args: readonly string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, script), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });

const main = async (): Promise<void> => {
  const options = parseArgs(process.argv.slice(2));
  const counts = options.quick ? QUICK : FULL;
  const loadAverageAtStart = os.loadavg()[0]!;
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-'));
  const functions = benchFunctions().filter((fn) => !counts.functions || counts.functions.includes(fn.name));
  try {
    log(`building ${functions.length} bundles`);
    const bundles = await buildBundles(functions, path.join(work, 'bundles'));
    const bundleOf = (name: string): Bundle => bundles.find((bundle) => bundle.function === name)!;
    const client = await measureClientSize();
    log(`clients/typescript: ${client.minifiedBytes} bytes minified, ${client.gzipBytes} gzipped`);

    log('starting the local runtime');
    const runtime = await startLocalRuntime({
      args: ['--quiet'],
      env: { THROTTLE_RATE: '100000', THROTTLE_BURST: '100000', BENCH_STAGE_THROTTLE_RATE: '100000', BENCH_STAGE_THROTTLE_BURST: '100000' },
    });
    let capacityRun: CapacityRun;
    let local: Awaited<ReturnType<typeof measureLocal>>;
    const start = startFigures(runtime);
    let residentMb: number;
    let stop: Awaited<ReturnType<typeof interruptAndTime>> | undefined;
    try {
      log(`ready ${start.afterDynamoDbS} s after DynamoDB Local; the README walk-through, then the process tree's memory`);
      await readmeWalkThrough(runtime.url);
      residentMb = treeResidentMb(runtime.child.pid!);
      const resources = (await (await fetch(`${runtime.url}/_local/resources`)).json()) as LocalResources;
      log(`end-to-end story x${counts.storyIterations}, SDK instrumented`);
      const capacityFile = path.join(work, 'capacity.json');
      await runScript('capacity/run.ts', [resources.dynamodbEndpoint, capacityFile, String(counts.storyIterations)]);
      capacityRun = JSON.parse(await readFile(capacityFile, 'utf8')) as CapacityRun;
      log(`local gateway vs floor at concurrency ${counts.local.concurrency}, then event latency over ${counts.local.eventOrders} orders, polled and pushed`);
      local = await measureLocal(runtime.url, resources, counts.local);
      log('Ctrl-C');
      stop = await interruptAndTime(runtime);
    } finally {
      const code = stop?.code ?? (await runtime.stop());
      if (code !== 0) log(`the local runtime exited with ${code}`);
    }
    log(options.quick ? 'watch mode: skipped with --quick' : 'watch mode: save -> new code answering');
    const watch = options.quick ? undefined : await measureWatchReload();

    log('building what-if variants');
    const variantTargets: { fn: BenchFunction; variant: (typeof VARIANTS)[number]; bundle: Bundle }[] = [];
    for (const fn of functions.filter((candidate) => counts.variantFunctions.includes(candidate.name))) {
      for (const variant of VARIANTS.filter((candidate) => candidate.appliesTo(bundleOf(fn.name), fn))) {
        const bundle = variant.aliases
          ? await buildBundle(fn, path.join(work, 'variants'), {
              name: `${fn.name}--${variant.name}`,
              aliases: variant.aliases(fn),
              ...(variant.entry ? { entry: variant.entry } : {}),
              ...(variant.format ? { format: variant.format } : {}),
            })
          : bundleOf(fn.name);
        variantTargets.push({ fn, variant, bundle });
      }
    }

    const lambdaNode = await lambdaNodeBinary();
    const floorBundles = new Map<string, Bundle>();
    for (const floor of SDK_FLOORS) floorBundles.set(floor.name, await buildBundle({ name: `sdk-floor-${floorBundles.size}`, entry: floor.entry }, path.join(work, 'floors')));
    const stub = await startAwsStub();
    let cold: ColdResults;
    let hostCold: ColdResults;
    try {
      const names = { tables: capacityRun.tables, topicArn: capacityRun.topicArn, socketConnectionsEndpoint: stub.endpoint };
      const targetOf = (fn: BenchFunction, bundleFile: string, nodeOptions: string, variant?: (typeof VARIANTS)[number]): ColdTarget => {
        const recording = capacityRun.recordings[fn.name]!;
        return {
          name: variant ? `${fn.name} (${variant.name})` : fn.name,
          function: fn.name,
          ...(variant ? { variant: variant.name } : {}),
          bundle: bundleFile,
          event: recording.event,
          dynamodb: [...(variant?.extraCalls ?? []), ...recording.dynamodb],
          env: {
            ...lambdaRuntimeEnvironment(fn.name, fn.memoryMb),
            ...deployedEnvironment(fn, names),
            NODE_OPTIONS: nodeOptions,
            AWS_ENDPOINT_URL_DYNAMODB: stub.endpoint,
            AWS_ENDPOINT_URL_SNS: stub.endpoint,
          },
          memoryMb: fn.memoryMb,
          ...(recording.outcome ? { expectedOutcome: recording.outcome } : {}),
        };
      };
      const deployedTargets = functions.map((fn): ColdTarget => {
        const sdkFloor = sdkFloorOf(bundleOf(fn.name));
        return { ...targetOf(fn, bundleOf(fn.name).file, LAMBDA_NODE_OPTIONS), ...(sdkFloor ? { sdkFloor: sdkFloor.name } : {}) };
      });
      const variantColdTargets = variantTargets.map(({ fn, variant, bundle }) => targetOf(fn, bundle.file, variant.nodeOptions, variant));
      // The floors start like the first function (same environment and event), with nothing of ours to load.
      const { expectedOutcome: _none, ...first } = targetOf(functions[0]!, FLOOR_HANDLER, LAMBDA_NODE_OPTIONS);
      const floor: ColdTarget = { ...first, name: 'floor', function: 'floor', dynamodb: [] };
      const usedFloors = SDK_FLOORS.filter((candidate) => deployedTargets.some((target) => target.sdkFloor === candidate.name));
      const sdkFloors = usedFloors.map((candidate): ColdTarget => ({ ...first, name: candidate.name, function: 'floor', bundle: floorBundles.get(candidate.name)!.file, dynamodb: candidate.dynamodb }));
      const rounds = `${counts.coldRuns} rounds of ${deployedTargets.length} functions and ${sdkFloors.length + 1} floors`;
      log(`cold init, Node.js v${LAMBDA_NODE_VERSION} (Lambda's major) and this machine's ${process.version} interleaved round by round: ${rounds} each, and ${variantColdTargets.length} variants on v${LAMBDA_NODE_VERSION}`);
      [cold, hostCold] = (await measureColdStarts(
        {
          passes: [
            { node: lambdaNode, targets: [...deployedTargets, ...variantColdTargets] },
            { node: process.execPath, targets: deployedTargets },
          ],
          floor,
          sdkFloors,
          runs: counts.coldRuns,
        },
        stub,
      )) as [ColdResults, ColdResults];
    } finally {
      await stub.close();
    }

    log(`warm handler latency: ${counts.warmIterations} invocations per route`);
    const capacityFile = path.join(work, 'capacity.json');
    const warmFile = path.join(work, 'warm.json');
    await runScript('warm/run.ts', [capacityFile, warmFile, String(counts.warmIterations), 'getUser', 'placeOrder']);
    const warm = JSON.parse(await readFile(warmFile, 'utf8')) as WarmResult[];

    const deployed = new Map(cold.targets.filter((target) => !target.variant).map((target) => [target.function, target]));
    const variants: VariantRow[] = variantTargets.map(({ fn, variant, bundle }) => {
      const measured = cold.targets.find((target) => target.function === fn.name && target.variant === variant.name)!;
      return {
        function: fn.name,
        variant: variant.name,
        description: variant.description,
        bytes: bundle.bytes,
        addedBytes: bundleOf(fn.name).bytes - bundle.bytes,
        addedColdMs: deployed.get(fn.name)!.aboveFloorMs.median - measured.aboveFloorMs.median,
        addedImportMs: deployed.get(fn.name)!.importMs.median - measured.importMs.median,
        addedInvokeMs: deployed.get(fn.name)!.invokeMs.median - measured.invokeMs.median,
        ...(variant.lever ? { lever: variant.lever } : {}),
        aboveFloorMs: measured.aboveFloorMs,
        mismatches: measured.mismatches,
      };
    });

    const partial: Omit<BenchResults, 'targets'> = {
      schema: RESULTS_SCHEMA,
      generatedAt: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      command: `npm run bench${options.quick ? ' -- --quick' : ''}`,
      environment: {
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
        loadAverageAtStart: Number(loadAverageAtStart.toFixed(2)),
        loadAverageAtEnd: Number(os.loadavg()[0]!.toFixed(2)),
      },
      bundles: functions.map((fn) => {
        const bundle = bundleOf(fn.name);
        return { function: fn.name, kind: fn.kind, label: fn.label, copies: fn.copies, memoryMb: fn.memoryMb, bytes: bundle.bytes, topInputs: bundle.topInputs, topPackages: bundle.topPackages };
      }),
      client,
      coldInit: {
        runs: counts.coldRuns,
        node: `v${LAMBDA_NODE_VERSION}`,
        sdkFloorBytes: Object.fromEntries([...floorBundles].map(([name, bundle]) => [name, bundle.bytes])),
        floor: cold.floor,
        sdkFloors: cold.sdkFloors,
        functions: cold.targets.filter((target) => !target.variant),
        hostNode: { node: process.version, floor: hostCold.floor, sdkFloors: hostCold.sdkFloors, functions: hostCold.targets },
      },
      variants,
      warm,
      local: { ...counts.local, ...local },
      runtime: { start, residentMbAfterWalkThrough: residentMb, stopMs: stop.stopMs, ...(watch ? { watch } : {}) },
      capacity: aggregateCapacity(capacityRun),
      initMs: Object.fromEntries(cold.targets.filter((target) => !target.variant).map((target) => [target.function, Number(target.importMs.median.toFixed(2))])),
    };
    const results: BenchResults = { ...partial, targets: checkTargets(partial) };

    const resultsFile = options.out ? path.join(options.out, 'results.json') : path.join(repoRoot, 'bench', 'results.json');
    const reportFile = options.out ? path.join(options.out, 'benchmarks.md') : path.join(repoRoot, 'docs', 'benchmarks.md');
    const chartFile = options.out ? path.join(options.out, 'benchmarks.svg') : path.join(repoRoot, 'docs', 'benchmarks.svg');
    for (const file of [resultsFile, reportFile, chartFile]) await mkdir(path.dirname(file), { recursive: true });
    await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(chartFile, renderChart(results));
    await writeFile(reportFile, renderReport(results, path.basename(chartFile)));
    log(`wrote ${path.relative(repoRoot, resultsFile)}, ${path.relative(repoRoot, reportFile)} and ${path.relative(repoRoot, chartFile)}`);
    for (const target of results.targets) log(`${target.met ? 'met   ' : 'MISSED'} ${target.target} ${target.limit}: ${target.measured} (${target.worst})`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
};

await main();
// Everything is written and every process stopped; a stop deadline's timer (test/e2e/support) need not run out.
process.exit(0);
