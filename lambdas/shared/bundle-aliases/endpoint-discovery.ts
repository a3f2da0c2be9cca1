/**
 * What the Lambda bundles get instead of `@aws-sdk/middleware-endpoint-discovery` (lib/bundling.ts
 * aliases it here). DynamoDB's client wires endpoint discovery into every command, but it only
 * acts when AWS_ENABLE_ENDPOINT_DISCOVERY (or the client option) turns it on, and no DynamoDB
 * operation requires it; our functions never turn it on. The real middleware brings an LRU
 * endpoint cache (mnemonist, obliterator) and the DescribeEndpoints path: ~8 KB of every DynamoDB
 * bundle that never runs. Turning discovery on with this alias in place fails at client
 * construction instead of being silently ignored.
 */
import type { Pluggable } from '@smithy/types';

const ENABLING_VARIABLES = ['AWS_ENABLE_ENDPOINT_DISCOVERY', 'AWS_ENDPOINT_DISCOVERY_ENABLED'] as const;
const isOn = (value: string | undefined): boolean => value !== undefined && value !== '' && value !== 'false' && value !== '0';

const notBundled = (): Error =>
  new Error('Endpoint discovery is left out of the Lambda bundles (lib/bundling.ts): remove the @aws-sdk/middleware-endpoint-discovery alias to turn it on.');

/** The SDK's config-loader options: the setting reads as off wherever it is looked up. */
export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = {
  environmentVariableSelector: (): boolean => false,
  configFileSelector: (): boolean => false,
  default: false,
};

/** Same name and call shape as the SDK's; refuses a configuration that turns discovery on. */
export const resolveEndpointDiscoveryConfig = <T extends object>(input: T & { endpointDiscoveryEnabled?: boolean }, _options: unknown): T & { isClientEndpointDiscoveryEnabled: boolean } => {
  if (input.endpointDiscoveryEnabled === true || ENABLING_VARIABLES.some((name) => isOn(process.env[name]))) throw notBundled();
  return Object.assign(input, { endpointDiscoveryEnabled: () => Promise.resolve(false), isClientEndpointDiscoveryEnabled: input.endpointDiscoveryEnabled !== undefined });
};

/** Same name and call shape as the SDK's: a plugin that adds nothing, since discovery is off. */
export const getEndpointDiscoveryPlugin = (_config: unknown, _middlewareConfig: unknown): Pluggable<object, object> => ({ applyToStack: () => undefined });
