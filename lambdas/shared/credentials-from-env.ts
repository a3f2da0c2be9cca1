/**
 * What the Lambda bundles get instead of `@aws-sdk/credential-provider-node` (lib/bundling.ts
 * aliases it here): the SDK clients' default credentials, read from the environment only.
 *
 * Lambda always hands a function its execution role's temporary credentials in
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, and the local runtime sets the
 * same variables for each function (local/functions/catalog.ts). The default chain's other links
 * (SSO, STS web identity, ini files, credential processes, container and instance metadata) can
 * never answer there, yet they bundle their own STS and SSO clients: about 130 KB per function.
 * SnapStart, which serves credentials from a container endpoint instead, does not exist for Node.js;
 * if it ever does, this alias must go. Unit tests and the local runtime run the source, with the full chain.
 */
import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';

/** Same name and call shape as the default chain's `defaultProvider`, which the SDK clients import. */
export const defaultProvider = (init: FromEnvInit = {}): ReturnType<typeof fromEnv> => fromEnv(init);
