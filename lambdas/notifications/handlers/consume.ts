import { documentClient } from '../../shared/clients';
import { sqsConsumer } from '../../shared/consumer';
import { tableName } from '../../shared/env';
import { notificationsConsumer } from '../contract';
import { notificationFor, type NotifyingEvent } from '../notifications';
import { dynamoDbNotificationsStore } from '../store';

const store = dynamoDbNotificationsStore(documentClient, { notifications: tableName('notifications') });

const notify = (event: NotifyingEvent) => store.save(notificationFor(event));

/** Turns the events that concern a user into notifications, once each however often they are delivered. */
export const handler = sqsConsumer(notificationsConsumer, {
  UserSignedUp: notify,
  OrderConfirmed: notify,
  OrderRejected: notify,
  OrderCancelled: notify,
});
