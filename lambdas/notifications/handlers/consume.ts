import { documentClient } from '../../shared/clients';
import { sqsConsumer } from '../../shared/consumer';
import { tableName } from '../../shared/env';
import { notificationsConsumer } from '../contract';
import { notificationCreated, notificationFor, type NotifyingEvent } from '../notifications';
import { dynamoDbNotificationsStore } from '../store';

const store = dynamoDbNotificationsStore(documentClient, { notifications: tableName('notifications') });

const notify = (event: NotifyingEvent) => {
  const notification = notificationFor(event);
  return store.save(notification, notificationCreated(notification, event.correlationId));
};

/** Turns the events that concern a user into notifications, each announced by NotificationCreated, once however often they are delivered. */
export const handler = sqsConsumer(notificationsConsumer, {
  UserSignedUp: notify,
  OrderConfirmed: notify,
  OrderRejected: notify,
  OrderCancelled: notify,
});
