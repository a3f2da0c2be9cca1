import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { live } from '../../../lambdas/live/contract';
import { handler } from '../../../lambdas/live/handlers/consume';
import { enforceContractAccess } from '../declared-access';
import { lambdaContext } from '../http-event';
import { sqsEvent, sqsRecord } from '../notifications/fixtures';

// Before the handler module loads: it reads its settings once, at cold start.
vi.hoisted(() => {
  process.env.LIVE_TABLE_NAME = 'live-test-table';
  process.env.SOCKET_CONNECTIONS_ENDPOINT = 'https://socket.example/dev';
  process.env.MAX_PUSHES_PER_USER_PER_MINUTE = '120';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

const ddb = mockClient(DynamoDBDocumentClient);
const connections = mockClient(ApiGatewayManagementApiClient);
enforceContractAccess(ddb, 'live', live.consumers.live);

const FUTURE = Math.floor(Date.now() / 1000) + 3600;
const item = (userId: string, connectionId: string) => ({ pk: `USER#${userId}`, sk: `CONNECTION#${connectionId}`, userId, connectionId, expiresAt: FUTURE, connectedAt: '2025-03-01T10:00:00.000Z' });

const notificationCreated = {
  id: '01JNB3W5M2ZQ4Y0P9R6S7T8V1C',
  type: 'NotificationCreated',
  version: 1,
  source: 'notifications',
  occurredAt: '2025-03-01T10:00:01.000Z',
  correlationId: 'corr-7',
  subject: 'ada',
  data: { id: '01JNB3W5M2ZQ4Y0P9R6S7T8V1B', userId: 'ada', type: 'OrderConfirmed', message: 'Your order order-9 is confirmed.', createdAt: '2025-03-01T10:00:00.000Z' },
};

const posts = () => connections.commandCalls(PostToConnectionCommand).map((call) => ({ id: call.args[0].input.ConnectionId, data: JSON.parse(String(call.args[0].input.Data)) }));

beforeEach(() => {
  ddb.reset();
  connections.reset();
  ddb.on(UpdateCommand).resolves({});
});

describe('live consumer', () => {
  it("queries the event's user's connections and posts the envelope to each", async () => {
    ddb.on(QueryCommand).resolves({ Items: [item('ada', 'c-1'), item('ada', 'c-2')] });
    connections.on(PostToConnectionCommand).resolves({});

    const response = await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(notificationCreated))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ TableName: 'live-test-table', ExpressionAttributeValues: { ':pk': 'USER#ada' } });
    const { version: _version, source: _source, ...pushed } = notificationCreated;
    expect(posts()).toEqual([
      { id: 'c-1', data: pushed },
      { id: 'c-2', data: pushed },
    ]);
  });

  it("takes one push from the user's budget for the minute, and pushes nothing past it", async () => {
    ddb.on(QueryCommand).resolves({ Items: [item('ada', 'c-1'), item('ada', 'c-2')] });
    connections.on(PostToConnectionCommand).resolves({});
    ddb.on(UpdateCommand).rejectsOnce(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));

    const spent = await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(notificationCreated))), lambdaContext);
    expect(spent).toEqual({ batchItemFailures: [] });
    expect(posts()).toEqual([]);

    await handler(sqsEvent(sqsRecord('m-2', JSON.stringify(notificationCreated))), lambdaContext);
    expect(posts().map((post) => post.id)).toEqual(['c-1', 'c-2']);
    const [take] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(take).toMatchObject({
      TableName: 'live-test-table',
      Key: { pk: 'USER#ada#BUDGETS', sk: expect.stringMatching(/^pushes#\d+$/) },
      ConditionExpression: 'attribute_not_exists(taken) OR taken < :limit',
      ExpressionAttributeValues: expect.objectContaining({ ':limit': 120 }),
    });
  });

  it('deletes the item of a connection that answers 410 Gone', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item('ada', 'c-1'), item('ada', 'c-2')] });
    ddb.on(DeleteCommand).resolves({});
    connections.on(PostToConnectionCommand, { ConnectionId: 'c-1' }).rejects(new GoneException({ message: 'Gone', $metadata: { httpStatusCode: 410 } }));
    connections.on(PostToConnectionCommand, { ConnectionId: 'c-2' }).resolves({});

    const response = await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(notificationCreated))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb.commandCalls(DeleteCommand).map((call) => call.args[0].input)).toEqual([{ TableName: 'live-test-table', Key: { pk: 'USER#ada', sk: 'CONNECTION#c-1' } }]);
  });

  it('does not fail the message when a post fails for another reason', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item('ada', 'c-1')] });
    connections.on(PostToConnectionCommand).rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));

    const response = await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(notificationCreated))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('fails the message when the connections cannot be read, so that it is retried', async () => {
    ddb.on(QueryCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));

    const response = await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(notificationCreated))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(connections.calls()).toHaveLength(0);
  });
});
