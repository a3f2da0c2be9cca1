/**
 * One call through an SDK client, as the guard sees it: in middleware (`context.clientName`,
 * `context.commandName`, `args.input`) or in a client mock (the mocked client's class name, the
 * command's class name and its `input`).
 */
export interface SdkCall {
  /** The client's class name, e.g. `DynamoDBClient`, `DynamoDBDocumentClient`, `SNSClient`. */
  readonly clientName: string;
  /** The command's class name, e.g. `GetItemCommand` or the document client's `GetCommand`. */
  readonly commandName: string;
  readonly input: unknown;
}

/** The IAM service prefix and the API operation a call invokes, e.g. `dynamodb` and `GetItem`. */
export interface ServiceOperation {
  readonly service: string;
  readonly operation: string;
}

const SERVICE_OF_CLIENT: Readonly<Record<string, string>> = {
  DynamoDBClient: 'dynamodb',
  DynamoDBDocumentClient: 'dynamodb',
  SNSClient: 'sns',
};

/*
 * The document client's commands that are named after something other than their operation.
 * In middleware the SDK names the operation's own command (a GetCommand runs as GetItemCommand);
 * a client mock records the document command itself. The others (QueryCommand, ScanCommand...)
 * share their operation's name.
 */
const DOCUMENT_COMMAND_OPERATIONS: Readonly<Record<string, string>> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

/** Which service and operation a call invokes, whichever client and command class made it. */
export const operationOf = (call: Pick<SdkCall, 'clientName' | 'commandName'>): ServiceOperation => {
  const service = SERVICE_OF_CLIENT[call.clientName] ?? call.clientName.replace(/Client$/, '').toLowerCase();
  const name = call.commandName.replace(/Command$/, '');
  const operation = service === 'dynamodb' ? (DOCUMENT_COMMAND_OPERATIONS[name] ?? name) : name;
  return { service, operation };
};
