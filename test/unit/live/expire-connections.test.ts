import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GoneException } from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { live } from '../../../lambdas/live/contract';
import { handler } from '../../../lambdas/live/handlers/expire-connections';
import { enforceContractAccess } from '../declared-access';
import { lambdaContext } from '../http-event';

// Before the handler module loads: it reads its settings once, at cold start.
vi.hoisted(() => {
  process.env.LIVE_TABLE_NAME = 'live-test-table';
  process.env.SOCKET_CONNECTIONS_ENDPOINT = 'https://socket.example/dev';
  process.env.MAX_PER_RUN = '3';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const ddb = mockClient(DynamoDBDocumentClient);
const connections = mockClient(ApiGatewayManagementApiClient);
enforceContractAccess(ddb, 'liveExpiry', live.jobs['live-expiry']);

const PAST = Math.floor(Date.now() / 1000) - 60;
const item = (userId: string, connectionId: string) => ({ pk: `USER#${userId}`, sk: `CONNECTION#${connectionId}`, userId, connectionId, expiresAt: PAST, connectedAt: '2025-03-01T10:00:00.000Z' });

beforeEach(() => {
  ddb.reset();
  connections.reset();
});

describe('the live-expiry job', () => {
  it('closes each expired connection through the Management API and deletes its item, at most MAX_PER_RUN a run', async () => {
    ddb.on(QueryCommand).callsFake(({ ExpressionAttributeValues }) =>
      ExpressionAttributeValues[':pk'] === 'CONNECTION-EXPIRY#1' ? { Items: [item('ada', 'c-1'), item('bob', 'c-2')] } : ExpressionAttributeValues[':pk'] === 'CONNECTION-EXPIRY#3' ? { Items: [item('cy', 'c-3'), item('cy', 'c-4')] } : { Items: [] },
    );
    ddb.on(DeleteCommand).resolves({});
    connections.on(DeleteConnectionCommand).resolves({});

    const report = await handler({}, lambdaContext);

    expect(report).toEqual({ found: 3, closed: 3, failed: 0 });
    expect(connections.commandCalls(DeleteConnectionCommand).map((call) => call.args[0].input.ConnectionId).sort()).toEqual(['c-1', 'c-2', 'c-3']);
    expect(ddb.commandCalls(DeleteCommand).map((call) => call.args[0].input).sort((a, b) => String(a.Key!.sk).localeCompare(String(b.Key!.sk)))).toEqual([
      { TableName: 'live-test-table', Key: { pk: 'USER#ada', sk: 'CONNECTION#c-1' } },
      { TableName: 'live-test-table', Key: { pk: 'USER#bob', sk: 'CONNECTION#c-2' } },
      { TableName: 'live-test-table', Key: { pk: 'USER#cy', sk: 'CONNECTION#c-3' } },
    ]);
    for (const call of ddb.commandCalls(QueryCommand)) expect(call.args[0].input).toMatchObject({ TableName: 'live-test-table', IndexName: 'awaiting', Limit: 3 });
  });

  it('forgets a connection that is already gone (410) like any other', async () => {
    ddb.on(QueryCommand).callsFake(({ ExpressionAttributeValues }) => (ExpressionAttributeValues[':pk'] === 'CONNECTION-EXPIRY#0' ? { Items: [item('ada', 'c-1')] } : { Items: [] }));
    ddb.on(DeleteCommand).resolves({});
    connections.on(DeleteConnectionCommand).rejects(new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }));

    expect(await handler({}, lambdaContext)).toEqual({ found: 1, closed: 1, failed: 0 });
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(1);
  });
});
