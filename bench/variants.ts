/**
 * What-if builds and starts, to show what a choice costs: each is measured beside the deployed
 * bundle of the same function, and never deployed. The stubs keep the same calls (bench/stubs/).
 */
import path from 'node:path';
import { BUNDLE_ALIASES, LAMBDA_NODE_OPTIONS } from '../lib/bundling';
import { repoRoot } from '../lib/paths';
import type { Bundle } from './bundles';
import type { RecordedCall } from './capacity/dynamo-recorder';
import type { BenchFunction } from './functions';

export interface Variant {
  readonly name: string;
  /** What is different from the deployed function, for the report. */
  readonly description: string;
  /** Aliases of this build for a function (the deployed bundle itself when absent). */
  readonly aliases?: (fn: BenchFunction) => Readonly<Record<string, string>>;
  /** The entry point, when not the function's own handler (a wrapper around it). */
  readonly entry?: string;
  /** Output format, when not the deployed ESM. */
  readonly format?: 'cjs';
  /** Answers the stub gives before the function's recorded ones (calls the variant adds). */
  readonly extraCalls?: readonly RecordedCall[];
  /** Which lever of issue 17's point 5 it measures, for the report's decisions. */
  readonly lever?: 'logger' | 'format' | 'priming';
  /** NODE_OPTIONS of its processes. */
  readonly nodeOptions: string;
  /** Whether it differs from the deployed bundle of this function at all. */
  readonly appliesTo: (bundle: Bundle, fn: BenchFunction) => boolean;
}

const uses = (bundle: Bundle, ...packages: string[]): boolean =>
  bundle.inputs.some((input) => packages.some((name) => input.includes(`node_modules/${name}/`)));

export const VARIANTS: readonly Variant[] = [
  {
    name: 'with-powertools-tracer',
    description: 'Powertools Tracer added (X-Ray SDK: DynamoDB calls captured, a sub-segment per invocation)',
    entry: path.join(repoRoot, 'bench/variants/with-tracer.ts'),
    aliases: (fn) => ({ ...BUNDLE_ALIASES, 'bench-traced-handler': `./${fn.handler}` }),
    nodeOptions: LAMBDA_NODE_OPTIONS,
    appliesTo: (bundle, fn) => fn.kind !== 'relay' && uses(bundle, '@aws-sdk/client-dynamodb') && !uses(bundle, '@aws-lambda-powertools/tracer'),
  },
  {
    name: 'no-tracing',
    description: 'Powertools Tracer (X-Ray SDK) replaced by a stub that records nothing',
    aliases: () => ({
      ...BUNDLE_ALIASES,
      '@aws-lambda-powertools/tracer/middleware': './bench/stubs/powertools-tracer.ts',
      '@aws-lambda-powertools/tracer': './bench/stubs/powertools-tracer.ts',
    }),
    nodeOptions: LAMBDA_NODE_OPTIONS,
    appliesTo: (bundle) => uses(bundle, '@aws-lambda-powertools/tracer', 'aws-xray-sdk-core'),
  },
  {
    name: 'no-powertools-logger-metrics',
    description: 'Powertools Logger replaced by console.log of JSON lines with the same fields, Powertools Metrics by a stub that emits nothing',
    lever: 'logger',
    aliases: () => ({
      ...BUNDLE_ALIASES,
      '@aws-lambda-powertools/logger': './bench/stubs/console-logger.ts',
      '@aws-lambda-powertools/metrics': './bench/stubs/no-metrics.ts',
    }),
    nodeOptions: LAMBDA_NODE_OPTIONS,
    appliesTo: (bundle) => uses(bundle, '@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics'),
  },
  {
    name: 'commonjs',
    description: 'The same bundle as CommonJS (index.cjs, no createRequire banner) instead of ESM',
    aliases: () => BUNDLE_ALIASES,
    format: 'cjs',
    lever: 'format',
    nodeOptions: LAMBDA_NODE_OPTIONS,
    appliesTo: () => true,
  },
  {
    name: 'primed-client',
    description: 'The DynamoDB client primed during init (one awaited GetItem at the top level, before the handler is exported)',
    entry: path.join(repoRoot, 'bench/variants/primed-client.ts'),
    aliases: (fn) => ({ ...BUNDLE_ALIASES, 'bench-primed-handler': `./${fn.handler}` }),
    extraCalls: [{ target: 'DynamoDB_20120810.GetItem', status: 200, body: '{}' }],
    lever: 'priming',
    nodeOptions: LAMBDA_NODE_OPTIONS,
    appliesTo: (bundle, fn) => fn.kind !== 'relay' && uses(bundle, '@aws-sdk/client-dynamodb'),
  },
  {
    name: 'default-credential-chain',
    description: "The SDK's default credential chain (@aws-sdk/credential-provider-node) instead of the environment-only alias",
    aliases: () => ({}),
    nodeOptions: LAMBDA_NODE_OPTIONS,
    appliesTo: (bundle) => uses(bundle, '@aws-sdk/credential-provider-env'),
  },
  {
    name: 'no-source-maps',
    description: `The same bundle started without NODE_OPTIONS=${LAMBDA_NODE_OPTIONS}`,
    nodeOptions: '',
    appliesTo: () => true,
  },
];
