/**
 * A seam for what runs around a handler to add middleware to the SDK clients its container builds.
 * The local runtime sets it (before it imports the handler) to enforce the function's declared
 * access the way IAM does in AWS (local/access/). In Lambda nothing sets it: the lookup is all that
 * ships, and handlers never ask whether they run locally.
 */
import type { Client, MetadataBearer } from '@smithy/types';

/** Any AWS SDK v3 client: what a hook may add middleware to. */
export type SdkClient = Pick<Client<object, MetadataBearer, unknown>, 'middlewareStack'>;
export type SdkClientHook = (client: SdkClient) => void;

// Symbol.for, not Symbol(): the runtime and the handler may load this module as two instances.
const SDK_CLIENT_HOOK: unique symbol = Symbol.for('serverless-gateway-events.sdk-client-hook');
const slot = globalThis as { [SDK_CLIENT_HOOK]?: SdkClientHook | undefined };

/** Hands a newly built client to the hook, if one is set, and returns the client. */
export const withSdkClientHook = <C extends SdkClient>(client: C): C => {
  slot[SDK_CLIENT_HOOK]?.(client);
  return client;
};

/** Sets (or, with `undefined`, clears) the hook that clients built from now on are handed to. */
export const setSdkClientHook = (hook: SdkClientHook | undefined): void => {
  slot[SDK_CLIENT_HOOK] = hook;
};
