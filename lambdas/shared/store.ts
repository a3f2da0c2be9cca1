import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableOwner } from '../../lib/declaration';

/**
 * The one signature of every DynamoDB adapter: the client, and the physical names of the tables
 * it reads or writes, by owning service. Handlers pass `tableName(...)`; tests pass their own.
 */
export type StoreFactory<Port, Tables extends TableOwner> = (
  client: DynamoDBDocumentClient,
  tables: Readonly<Record<Tables, string>>,
) => Port;
