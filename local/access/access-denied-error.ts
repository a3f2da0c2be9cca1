/**
 * The error AWS answers a call that IAM denies, with what the function declared added to the
 * message: a failing test or a local 500 then names its cause (the missing operation in the
 * function's declared access), not just the symptom.
 */
import { LOCAL_ACCOUNT_ID } from '../names';
import type { FunctionGrant } from './grant';
import type { RequiredAction } from './required-action';

const declaredAccessOf = (grant: FunctionGrant): string => {
  const tables = [...grant.tables].map(([table, operations]) => `${table}: ${operations.join(', ')}`);
  const topics = grant.topicArns.map((topicArn) => `sns:Publish on ${topicArn}`);
  const declared = [...tables, ...topics];
  return declared.length > 0 ? declared.join('; ') : 'no table and no topic';
};

const messageOf = (grant: FunctionGrant, denied: readonly RequiredAction[]): string => {
  const [first, ...others] = denied;
  if (!first) throw new Error('An access-denied error needs at least one denied action');
  // AWS names the first action it denies; the others would fail next, so they are named too.
  const also = others.length > 0 ? ` (also denied: ${others.map(({ action, resource }) => `${action} on ${resource}`).join(', ')})` : '';
  return (
    `User: arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${grant.functionName}/local is not authorized to perform: ` +
    `${first.action} on resource: ${first.resource} because no identity-based policy allows the ${first.action} action` +
    `${also} (declared for ${grant.functionName}: ${declaredAccessOf(grant)})`
  );
};

/**
 * Shaped like the SDK's AccessDeniedException (name, `$fault`, `$metadata`), so that code that
 * tells errors apart by name treats it as it would treat AWS's.
 */
export class AccessDeniedError extends Error {
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };

  constructor(
    readonly grant: FunctionGrant,
    readonly denied: readonly RequiredAction[],
  ) {
    super(messageOf(grant, denied));
  }
}
// On the prototype, not assigned in the constructor: the stack trace's first line names it too.
Object.defineProperty(AccessDeniedError.prototype, 'name', { value: 'AccessDeniedException', writable: true, configurable: true });
