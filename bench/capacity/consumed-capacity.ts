/**
 * SDK middleware that asks DynamoDB for the capacity each call consumes (ReturnConsumedCapacity)
 * and adds it up for whoever is being measured. DynamoDB Local answers with the units DynamoDB
 * would charge: item sizes rounded up to 4 KB per read unit (half for eventually consistent reads)
 * and 1 KB per write unit, twice for transactions, secondary indexes included.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type DynamoOperation =
  | 'GetItem' | 'BatchGetItem' | 'Query' | 'Scan' | 'TransactGetItems'
  | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem' | 'TransactWriteItems';

const READS = new Set<DynamoOperation>(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set<DynamoOperation>(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
/** The document client's command names, for the same operations. */
const DOCUMENT_COMMANDS: Record<string, DynamoOperation> = {
  GetCommand: 'GetItem', BatchGetCommand: 'BatchGetItem', QueryCommand: 'Query', ScanCommand: 'Scan', TransactGetCommand: 'TransactGetItems',
  PutCommand: 'PutItem', UpdateCommand: 'UpdateItem', DeleteCommand: 'DeleteItem', BatchWriteCommand: 'BatchWriteItem', TransactWriteCommand: 'TransactWriteItems',
};

export interface CapacityTally {
  /** Read request units (on-demand): what DynamoDB reported. */
  readUnits: number;
  /** Write request units (on-demand): what DynamoDB reported. */
  writeUnits: number;
  /**
   * Writes refused by a condition: DynamoDB still charges them, but answers without ConsumedCapacity.
   * Counted at one unit per item (two in a transaction): a lower bound.
   */
  refusedWriteUnits: number;
  readonly calls: { operation: string; units: number; failed?: string }[];
}

export const emptyTally = (): CapacityTally => ({ readUnits: 0, writeUnits: 0, refusedWriteUnits: 0, calls: [] });

const operationOf = (commandName: string | undefined): DynamoOperation | undefined => {
  if (!commandName) return undefined;
  if (commandName in DOCUMENT_COMMANDS) return DOCUMENT_COMMANDS[commandName];
  const name = commandName.replace(/Command$/, '') as DynamoOperation;
  return READS.has(name) || WRITES.has(name) ? name : undefined;
};

interface Consumed {
  readonly CapacityUnits?: number;
}

const unitsOf = (consumed: Consumed | readonly Consumed[] | undefined): number =>
  [consumed ?? []].flat().reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);

/** Items a refused write touched: 1, or a transaction's items (each charged twice). */
const refusedUnits = (operation: DynamoOperation, input: Record<string, unknown>): number => {
  if (operation === 'TransactWriteItems') return 2 * ((input.TransactItems as unknown[] | undefined)?.length ?? 1);
  if (operation === 'BatchWriteItem') return Object.values((input.RequestItems as Record<string, unknown[]>) ?? {}).flat().length;
  return 1;
};

/**
 * Adds the middleware to a client's stack (the document client shares its client's stack);
 * every call is added to `current()`'s tally, if there is one.
 */
export const instrumentCapacity = (client: DynamoDBClient, current: () => CapacityTally | undefined): void => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName);
      const input = args.input as Record<string, unknown>;
      if (operation && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
      try {
        const result = await next(args);
        const tally = current();
        if (operation && tally) {
          const units = unitsOf((result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity);
          if (READS.has(operation)) tally.readUnits += units;
          else tally.writeUnits += units;
          tally.calls.push({ operation, units });
        }
        return result;
      } catch (error) {
        const tally = current();
        const name = (error as Error).name;
        if (operation && tally && WRITES.has(operation) && /ConditionalCheckFailed|TransactionCanceled/.test(name)) {
          const units = refusedUnits(operation, input);
          tally.refusedWriteUnits += units;
          tally.calls.push({ operation, units, failed: name });
        } else if (operation && tally) {
          tally.calls.push({ operation, units: 0, failed: name });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
};
