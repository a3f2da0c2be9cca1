/** Calls as the guard sees them, built from the SDK's own command classes so that their names are the real ones. */
import type { SdkCall } from '../../../local/access/sdk-call';

interface Command {
  readonly input: unknown;
}

export const callThrough = (clientName: string, command: Command): SdkCall => ({
  clientName,
  commandName: command.constructor.name,
  input: command.input,
});

export const viaDocumentClient = (command: Command): SdkCall => callThrough('DynamoDBDocumentClient', command);
export const viaDynamoDbClient = (command: Command): SdkCall => callThrough('DynamoDBClient', command);
export const viaSnsClient = (command: Command): SdkCall => callThrough('SNSClient', command);
