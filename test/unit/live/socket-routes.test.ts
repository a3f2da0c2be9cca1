import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { live } from '../../../lambdas/live/contract';
import { handler as connect } from '../../../lambdas/live/handlers/connect';
import { handler as message } from '../../../lambdas/live/handlers/message';
import type { SocketEvent } from '../../../lambdas/live/handlers/socket-event';
import { enforceContractAccess } from '../declared-access';

// Before the handler modules load: they read their settings once, at cold start.
vi.hoisted(() => {
  process.env.LIVE_TABLE_NAME = 'live-test-table';
  process.env.MAX_CONNECTIONS_PER_USER = '2';
  process.env.MAX_CLIENT_MESSAGES_PER_USER_PER_MINUTE = '60';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const ddb = mockClient(DynamoDBDocumentClient);
const routes = live.socket!.routes;
// Each route's calls are checked against its own declared access, in its own describe block.
const FUTURE = Math.floor(Date.now() / 1000) + 3600;
const socketEvent = (connectionId: string, body?: string): SocketEvent => ({
  requestContext: { connectionId, authorizer: { userId: 'ada', expiresAt: FUTURE } },
  body: body ?? null,
});
const connectionItem = (connectionId: string) => ({ pk: 'USER#ada', sk: `CONNECTION#${connectionId}`, kind: 'connection', userId: 'ada', connectionId, expiresAt: FUTURE, connectedAt: '2025-03-01T10:00:00.000Z' });
const versionItem = (version: number) => ({ pk: 'USER#ada', sk: 'VERSION', kind: 'connections-version', version, expiresAt: FUTURE });
const canceled = (code: string) => Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: code }, { Code: 'None' }] });

beforeEach(() => {
  ddb.reset();
});

describe('$connect', () => {
  enforceContractAccess(ddb, 'live-connect', routes.$connect);

  it("adds the connection and advances the user's version in one transaction, conditional on the version it counted", async () => {
    ddb.on(QueryCommand).resolves({ Items: [versionItem(4), connectionItem('c-1')] });
    ddb.on(TransactWriteCommand).resolves({});

    await expect(connect(socketEvent('c-2'))).resolves.toMatchObject({ statusCode: 200 });

    const [write] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(write![0]!.Update).toMatchObject({
      Key: { pk: 'USER#ada', sk: 'VERSION' },
      ConditionExpression: '#version = :seen',
      ExpressionAttributeValues: expect.objectContaining({ ':seen': 4, ':next': 5 }),
    });
    expect(write![1]!.Put!.Item).toMatchObject({ pk: 'USER#ada', sk: 'CONNECTION#c-2', userId: 'ada', connectionId: 'c-2', expiresAt: FUTURE });
  });

  // A failed version condition, or another connect's transaction on the version item at the same moment.
  it.each(['ConditionalCheckFailed', 'TransactionConflict'])('counts again when another connect came first (%s), and answers 429 once the bound is reached', async (code) => {
    ddb.on(QueryCommand).resolvesOnce({ Items: [connectionItem('c-1')] }).resolves({ Items: [versionItem(1), connectionItem('c-1'), connectionItem('c-3')] });
    ddb.on(TransactWriteCommand).rejects(canceled(code));

    await expect(connect(socketEvent('c-2'))).resolves.toMatchObject({ statusCode: 429, body: expect.stringContaining('At most 2') });

    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
    // A conflict is first tried again as it is (the other write finishes within milliseconds); a failed condition is not.
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(code === 'TransactionConflict' ? 3 : 1);
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!.ConditionExpression).toBe('attribute_not_exists(#version)');
  });

  it('fails (500) on an error that is not a lost race, rather than refusing the client', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).rejects(canceled('ValidationError'));

    await expect(connect(socketEvent('c-2'))).rejects.toThrow('Transaction cancelled');
  });
});

describe('$default', () => {
  enforceContractAccess(ddb, 'live-message', routes.$default);

  it("answers a ping with a pong, taking one message from the user's budget for the minute", async () => {
    ddb.on(UpdateCommand).resolves({});

    await expect(message(socketEvent('c-1', '{"action":"ping"}'))).resolves.toEqual({ statusCode: 200, body: '{"type":"pong"}' });

    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      TableName: 'live-test-table',
      Key: { pk: 'USER#ada#BUDGETS', sk: expect.stringMatching(/^clientMessages#\d+$/) },
      ExpressionAttributeValues: expect.objectContaining({ ':limit': 60 }),
    });
  });

  it('answers with an error past the budget, and does not read the message', async () => {
    ddb.on(UpdateCommand).rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));

    const { statusCode, body } = await message(socketEvent('c-1', '{"action":"ping"}'));

    expect(statusCode).toBe(200);
    expect(JSON.parse(body)).toEqual({ type: 'error', detail: expect.stringContaining('Too many messages: at most 60 a minute') });
  });
});
