import * as documentCommands from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { operationOf } from '../../../local/access/sdk-call';

interface DocumentCommand {
  readonly clientCommand: { readonly constructor: { readonly name: string } };
}
type DocumentCommandClass = new (input: object) => DocumentCommand;

// Every command lib-dynamodb exports, with the client-dynamodb command it sends (derived, not listed).
const documentCommandClasses = Object.entries(documentCommands as Record<string, unknown>).filter(
  (entry): entry is [string, DocumentCommandClass] =>
    entry[0].endsWith('Command') && typeof entry[1] === 'function' && 'clientCommand' in new (entry[1] as DocumentCommandClass)({}),
);

describe('operationOf', () => {
  it('finds the document commands to check', () => {
    expect(documentCommandClasses.map(([name]) => name)).toEqual(expect.arrayContaining(['GetCommand', 'TransactWriteCommand', 'BatchGetCommand']));
  });

  it.each(documentCommandClasses)('names %s (document client) as the operation it sends', (name, Command) => {
    const sent = new Command({}).clientCommand.constructor.name;

    expect(operationOf({ clientName: 'DynamoDBDocumentClient', commandName: name })).toEqual(
      operationOf({ clientName: 'DynamoDBClient', commandName: sent }),
    );
  });

  it('names the service by its IAM prefix', () => {
    expect(operationOf({ clientName: 'DynamoDBClient', commandName: 'TransactWriteItemsCommand' })).toEqual({ service: 'dynamodb', operation: 'TransactWriteItems' });
    expect(operationOf({ clientName: 'SNSClient', commandName: 'PublishBatchCommand' })).toEqual({ service: 'sns', operation: 'PublishBatch' });
    expect(operationOf({ clientName: 'SQSClient', commandName: 'SendMessageCommand' })).toEqual({ service: 'sqs', operation: 'SendMessage' });
  });

  it('reads document command names as such for DynamoDB clients only', () => {
    expect(operationOf({ clientName: 'SNSClient', commandName: 'GetCommand' })).toEqual({ service: 'sns', operation: 'Get' });
  });
});
