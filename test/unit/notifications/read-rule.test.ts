/**
 * One resource, one access rule: every route that returns a user's notifications (their list and
 * the summary) lets the same callers see them, and tells everyone else the user does not exist.
 */
import { DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as listNotifications } from '../../../lambdas/notifications/handlers/list-notifications';
import { handler as getSummary } from '../../../lambdas/summary/handlers/get-summary';
import { httpEvent, lambdaContext } from '../http-event';
import { notificationView, storedNotification, storedUser } from '../summary/fixtures';

vi.hoisted(() => {
  process.env.USERS_TABLE_NAME = 'users-test-table';
  process.env.ORDERS_TABLE_NAME = 'orders-test-table';
  process.env.NOTIFICATIONS_TABLE_NAME = 'notifications-test-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const ddb = mockClient(DynamoDBDocumentClient);
const EVENT_ID = '01JNB3W5M2ZQ4Y0P9R6S7T8VE3';

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({ Item: storedUser('user-1') });
  ddb.on(QueryCommand).callsFake(async (input: QueryCommandInput) =>
    input.Select === 'COUNT' ? { Count: 1 } : input.TableName === 'orders-test-table' ? { Items: [] } : { Items: [storedNotification(EVENT_ID)] },
  );
});

const request = (route: 'notifications' | 'summary', claims: { sub: string; 'cognito:groups'?: string }) =>
  httpEvent({ method: 'GET', path: `/v1/users/user-1/${route}`, resource: `/v1/users/{id}/${route}`, pathParameters: { id: 'user-1' }, claims });

/** The notifications a route showed the caller, or its status when it refused. */
const seenThrough = async (route: 'notifications' | 'summary', claims: { sub: string; 'cognito:groups'?: string }) => {
  const result = route === 'notifications' ? await listNotifications(request(route, claims), lambdaContext) : await getSummary(request(route, claims), lambdaContext);
  if (result.statusCode !== 200) return result.statusCode;
  const body = JSON.parse(result.body);
  return route === 'notifications' ? body.items : body.notifications.latest;
};

describe("who may read a user's notifications", () => {
  it.each([
    { caller: 'the user', claims: { sub: 'user-1' }, sees: true },
    { caller: 'an admin', claims: { sub: 'admin-1', 'cognito:groups': 'admin' }, sees: true },
    { caller: 'another user', claims: { sub: 'user-2' }, sees: false },
    { caller: 'a member of a group named "[admin]"', claims: { sub: 'user-2', 'cognito:groups': '[admin]' }, sees: false },
  ])('is the same through their list and the summary for $caller', async ({ claims, sees }) => {
    const expected = sees ? [notificationView(EVENT_ID)] : 404;

    expect(await seenThrough('notifications', claims)).toEqual(expected);
    expect(await seenThrough('summary', claims)).toEqual(expected);
  });
});
