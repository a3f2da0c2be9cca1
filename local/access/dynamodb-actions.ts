/**
 * The IAM actions a DynamoDB call needs, per table. IAM authorises the operations a call performs,
 * not the API it calls: a transaction needs the action of each of its items, on each item's table.
 */
import { fieldsOf, stringOf, type InputFields, type RequiredAction } from './required-action';

// A table may be named by its ARN; IAM's resource is the table either way.
const TABLE_ARN_PREFIX = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\//;

const onTable = (operation: string, tableName: unknown): RequiredAction => ({
  action: `dynamodb:${operation}`,
  resource: stringOf(tableName)?.replace(TABLE_ARN_PREFIX, '') ?? '*',
});

// IAM has no TransactWriteItems action: each item needs its own operation's.
const TRANSACT_WRITE_OPERATIONS: Readonly<Record<string, string>> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

const transactItemsOf = (input: InputFields): InputFields[] =>
  Array.isArray(input.TransactItems) ? input.TransactItems.map(fieldsOf) : [];

/**
 * The actions `operation` (e.g. `GetItem`, `TransactWriteItems`) needs with this input. A Query on
 * an index is `dynamodb:Query` on its table: the stack grants the table's indexes with the table.
 */
export const dynamoDbActions = (operation: string, input: InputFields): RequiredAction[] => {
  switch (operation) {
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys(fieldsOf(input.RequestItems)).map((table) => onTable(operation, table));
    case 'TransactWriteItems':
      return transactItemsOf(input).flatMap((item) =>
        Object.entries(TRANSACT_WRITE_OPERATIONS)
          .filter(([kind]) => item[kind] !== undefined)
          .map(([kind, itemOperation]) => onTable(itemOperation, fieldsOf(item[kind]).TableName)),
      );
    case 'TransactGetItems':
      return transactItemsOf(input).map((item) => onTable('GetItem', fieldsOf(item.Get).TableName));
    default:
      return [onTable(operation, input.TableName)];
  }
};
