/**
 * What-if entry (bench variants only, never deployed): a function's handler, with the DynamoDB
 * client primed during init, as "priming" advice has it: one GetItem of a key that does not exist,
 * awaited at the top level, so the TLS connection, credentials, endpoint and the SDK's request path
 * are ready before the first invocation. `bench-primed-handler` is aliased to the function's own
 * handler file at build time. In Lambda the call would cost a read unit and GetItem access.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
// @ts-expect-error: resolved by the variant's esbuild alias, not by TypeScript.
import { handler as primed } from 'bench-primed-handler';
import { dynamoDb } from '../../lambdas/shared/clients';

const table = Object.entries(process.env).find(([name]) => name.endsWith('_TABLE_NAME'))?.[1] ?? 'prime';
await dynamoDb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'PRIME' }, sk: { S: 'PRIME' } } })).catch(() => undefined);

export const handler = primed as (event: unknown, context: unknown) => Promise<unknown>;
