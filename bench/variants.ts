/**
 * What-if builds and starts, to show what a choice costs: each is measured beside the deployed
 * bundle of the same function, and never deployed. The stubs keep the same calls (bench/stubs/).
 */
import path from 'node:path';
import { BUNDLE_ALIASES, LAMBDA_NODE_OPTIONS } from '../lib/bundling';
import { repoRoot } from '../lib/paths';
import type { Bundle } from './bundles';
import type { BenchFunction } from './functions';

export interface Variant {
  readonly name: string;
  /** What is different from the deployed function, for the report. */
  readonly description: string;
  /** Aliases of this build for a function (the deployed bundle itself when absent). */
  readonly aliases?: (fn: BenchFunction) => Readonly<Record<string, string>>;
  /** The entry point, when not the function's own handler (a wrapper around it). */
  readonly entry?: string;
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
    description: 'Powertools Logger replaced by console.log of JSON lines, Powertools Metrics by a stub that emits nothing',
    aliases: () => ({
      ...BUNDLE_ALIASES,
      '@aws-lambda-powertools/logger': './bench/stubs/console-logger.ts',
      '@aws-lambda-powertools/metrics': './bench/stubs/no-metrics.ts',
    }),
    nodeOptions: LAMBDA_NODE_OPTIONS,
    appliesTo: (bundle) => uses(bundle, '@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics'),
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
