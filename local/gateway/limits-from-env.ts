/**
 * The gateway's timing limits and the local instances per route are API Gateway's and this
 * runtime's defaults; a test reaches a limit quickly by lowering it for one run:
 * LOCAL_INTEGRATION_TIMEOUT_MS, LOCAL_INSTANCE_WAIT_MS and LOCAL_ROUTE_INSTANCES.
 */
import { StartupError } from '../startup-error';
import { DEFAULT_GATEWAY_LIMITS, type GatewayLimits } from './server';

const read = (env: NodeJS.ProcessEnv, name: string, min: number, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new StartupError(`${name} must be an integer of at least ${min}, got "${raw}".`);
  return value;
};

export const gatewayLimitsFromEnv = (env: NodeJS.ProcessEnv): GatewayLimits => ({
  integrationTimeoutMs: read(env, 'LOCAL_INTEGRATION_TIMEOUT_MS', 1, DEFAULT_GATEWAY_LIMITS.integrationTimeoutMs),
  instanceWaitMs: read(env, 'LOCAL_INSTANCE_WAIT_MS', 0, DEFAULT_GATEWAY_LIMITS.instanceWaitMs),
});

/** Lambda scales a route's function out to many instances; locally each gets at most this many workers. */
export const routeInstancesFromEnv = (env: NodeJS.ProcessEnv): number => read(env, 'LOCAL_ROUTE_INSTANCES', 1, 4);
