/**
 * Declared access in handler tests. aws-sdk-client-mock replaces `send`, so the SDK's middleware
 * (and the local runtime's guard with it) never runs: this checks what the mock recorded instead,
 * with the same rules and the same message as the guard, so a handler that calls an operation it
 * did not declare fails its unit tests rather than in AWS with AccessDenied.
 */
import type { MetadataBearer } from '@smithy/types';
import type { AwsStub } from 'aws-sdk-client-mock';
import { afterEach } from 'vitest';
import { assertDeclaredAccess } from '../../local/access/declared-access';
import { grantOf as grantFrom, type FunctionGrant } from '../../local/access/grant';
import type { TableAccess } from '../../lambdas/shared/contract';
import { tableEnvName } from '../../lambdas/shared/env';

/**
 * `grantOf(functionName, access, tableNames, topicArns?)`: a function's grant as a test writes it,
 * from its declared access (as in its contract), the table names the test puts in the environment
 * and the topics it may publish to.
 */
export { grantOf, type FunctionGrant } from '../../local/access/grant';

/**
 * Throws the AccessDeniedException AWS would answer for the first call the mock recorded that the
 * grant does not allow. `enforceDeclaredAccess` runs it after each test; call it directly to
 * check at a point of your choosing.
 */
export const assertRecordedCallsDeclared = <I extends object, O extends MetadataBearer, C>(mock: AwsStub<I, O, C>, grant: FunctionGrant): void => {
  const clientName = mock.clientName();
  for (const { args } of mock.calls()) {
    const [command] = args;
    assertDeclaredAccess(grant, { clientName, commandName: command.constructor.name, input: command.input });
  }
};

/**
 * After each test of the calling file, fails it if the mock recorded a call the grant does not
 * allow. Hooks after a test run in reverse order of registration: reset the mock in `beforeEach`
 * (or in an `afterEach` registered before this one), or the calls are gone before they are checked.
 */
export const enforceDeclaredAccess = <I extends object, O extends MetadataBearer, C>(mock: AwsStub<I, O, C>, grant: FunctionGrant): void => {
  afterEach(() => assertRecordedCallsDeclared(mock, grant));
};

/**
 * `enforceDeclaredAccess` for a route or consumer as its contract declares it, with the table
 * names the test file put in the environment (the variables the stack sets, `<SERVICE>_TABLE_NAME`).
 */
export const enforceContractAccess = <I extends object, O extends MetadataBearer, C>(
  mock: AwsStub<I, O, C>,
  functionName: string,
  declaration: { readonly access: TableAccess },
): void => {
  const tableNames = Object.fromEntries(
    Object.keys(declaration.access).map((service) => [service, process.env[tableEnvName(service)] ?? '']),
  );
  enforceDeclaredAccess(mock, grantFrom(functionName, declaration.access, tableNames));
};
