/**
 * The guard as SDK middleware: a call the function's grant does not cover fails with AWS's
 * AccessDeniedException before anything is sent. It runs in the initialize step, ahead of
 * serialization, signing and the retry strategy, so a denied call is neither sent nor retried.
 */
import type { InitializeHandlerOptions, InitializeMiddleware, MetadataBearer } from '@smithy/types';
import type { SdkClient, SdkClientHook } from '../../lambdas/shared/sdk-client-hook';
import { assertDeclaredAccess } from './declared-access';
import type { FunctionGrant } from './grant';

export const DECLARED_ACCESS_MIDDLEWARE_NAME = 'declaredAccessGuard';

const OPTIONS: InitializeHandlerOptions & { readonly priority: 'high' } = {
  step: 'initialize',
  priority: 'high',
  name: DECLARED_ACCESS_MIDDLEWARE_NAME,
  // Installing twice on one stack (a client handed to the hook again) replaces, never doubles.
  override: true,
};

/**
 * Middleware that checks each call against the grant. The SDK puts the client's and the
 * operation's command names in the context; a document command runs as its operation's command
 * (GetCommand as GetItemCommand), with its input not yet marshalled.
 */
const declaredAccessMiddleware =
  (grant: FunctionGrant): InitializeMiddleware<object, MetadataBearer> =>
  (next, context) =>
  async (args) => {
    const { clientName, commandName } = context;
    if (!clientName || !commandName) {
      throw new Error(`The declared-access guard of ${grant.functionName} cannot tell which call this is: the SDK named no client or command`);
    }
    assertDeclaredAccess(grant, { clientName, commandName, input: args.input });
    return next(args);
  };

/** Adds the guard to a client; a document client built from it shares its stack, so it is guarded too. */
export const guardClient = (client: SdkClient, grant: FunctionGrant): void => {
  client.middlewareStack.add(declaredAccessMiddleware(grant), OPTIONS);
};

/** The hook (lambdas/shared/sdk-client-hook.ts) that guards every client a function builds. */
export const declaredAccessHook =
  (grant: FunctionGrant): SdkClientHook =>
  (client) =>
    guardClient(client, grant);
