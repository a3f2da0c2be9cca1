/**
 * The SDK-only floors: per client mix, a handler that is the bare SDK doing one call of each
 * client (bench/floors/), bundled with the deployed options. Each function is compared with the
 * floor of exactly the clients its bundle holds: what it costs above that floor is ours.
 */
import path from 'node:path';
import { repoRoot } from '../../lib/paths';
import type { RecordedCall } from '../capacity/dynamo-recorder';
import type { Bundle } from '../bundles';

export interface SdkFloor {
  /** The client mix, as the report names it. */
  readonly name: string;
  readonly entry: string;
  /** The SDK client packages it holds: a bundle holding exactly these is compared with it. */
  readonly clients: readonly string[];
  /** What the stub answers its DynamoDB call (SNS PublishBatch is always answered). */
  readonly dynamodb: readonly RecordedCall[];
}

const GET_ITEM_NOT_FOUND: RecordedCall = { target: 'DynamoDB_20120810.GetItem', status: 200, body: '{}' };

export const SDK_FLOORS: readonly SdkFloor[] = [
  { name: 'DynamoDB', entry: path.join(repoRoot, 'bench/floors/dynamodb.ts'), clients: ['@aws-sdk/client-dynamodb'], dynamodb: [GET_ITEM_NOT_FOUND] },
  { name: 'DynamoDB + SNS', entry: path.join(repoRoot, 'bench/floors/dynamodb-sns.ts'), clients: ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sns'], dynamodb: [GET_ITEM_NOT_FOUND] },
  {
    name: 'DynamoDB + Management API',
    entry: path.join(repoRoot, 'bench/floors/dynamodb-management-api.ts'),
    clients: ['@aws-sdk/client-apigatewaymanagementapi', '@aws-sdk/client-dynamodb'],
    dynamodb: [GET_ITEM_NOT_FOUND],
  },
];

/** The SDK client packages a bundle holds, sorted. */
const sdkClientsOf = (bundle: Pick<Bundle, 'inputs'>): string[] =>
  [...new Set(bundle.inputs.map((input) => /node_modules\/(@aws-sdk\/client-[^/]+)\//.exec(input)?.[1]).filter((name): name is string => name !== undefined))].sort();

/**
 * The floor of a bundle's client mix; undefined when it holds no SDK client (its floor is the empty
 * handler). A mix without a floor is an error: add its floor to SDK_FLOORS.
 */
export const sdkFloorOf = (bundle: Pick<Bundle, 'function' | 'inputs'>): SdkFloor | undefined => {
  const clients = sdkClientsOf(bundle);
  if (clients.length === 0) return undefined;
  const floor = SDK_FLOORS.find((candidate) => [...candidate.clients].sort().join() === clients.join());
  if (!floor) throw new Error(`${bundle.function} holds ${clients.join(', ')}: no SDK-only floor has that mix (bench/cold-start/sdk-floors.ts)`);
  return floor;
};
