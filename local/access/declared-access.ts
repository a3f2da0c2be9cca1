/**
 * Declared access, enforced outside AWS: which of the IAM actions a call needs the function's
 * grant does not give it. Pure; the local runtime's middleware (guard-middleware.ts) and the
 * unit-test helper (test/unit/declared-access.ts) both judge calls with it, as IAM would.
 */
import { AccessDeniedError } from './access-denied-error';
import { dynamoDbActions } from './dynamodb-actions';
import type { FunctionGrant } from './grant';
import { fieldsOf, type RequiredAction } from './required-action';
import { operationOf, type SdkCall } from './sdk-call';
import { snsActions } from './sns-actions';

/** Every IAM action a call needs, on every resource it touches. */
const requiredActions = (call: SdkCall): RequiredAction[] => {
  const { service, operation } = operationOf(call);
  const input = fieldsOf(call.input);
  if (service === 'dynamodb') return dynamoDbActions(operation, input);
  if (service === 'sns') return snsActions(operation, input);
  // A function is granted tables and a topic only: any other service is denied, as IAM denies it.
  return [{ action: `${service}:${operation}`, resource: '*' }];
};

/** Whether the grant allows one action on one resource. */
const isGranted = (grant: FunctionGrant, { action, resource }: RequiredAction): boolean => {
  if (action.startsWith('dynamodb:')) {
    const operation = action.slice('dynamodb:'.length);
    return grant.tables.get(resource)?.some((granted) => granted === operation) ?? false;
  }
  return action === 'sns:Publish' && grant.topicArns.includes(resource);
};

/** The actions a call needs that the grant does not give, each once, in the order the call needs them. */
export const deniedActions = (grant: FunctionGrant, call: SdkCall): RequiredAction[] => {
  const denied = new Map<string, RequiredAction>();
  for (const required of requiredActions(call)) {
    if (!isGranted(grant, required)) denied.set(`${required.action} ${required.resource}`, required);
  }
  return [...denied.values()];
};

/** Throws the AccessDeniedException AWS would answer if the grant does not cover the call. */
export const assertDeclaredAccess = (grant: FunctionGrant, call: SdkCall): void => {
  const denied = deniedActions(grant, call);
  if (denied.length > 0) throw new AccessDeniedError(grant, denied);
};
