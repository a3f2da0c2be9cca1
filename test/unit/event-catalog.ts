/** Every event declaration by type, so test fixtures can name events the way the README does. */
import * as orderEvents from '../../lambdas/orders/events';
import * as productEvents from '../../lambdas/products/events';
import type { Envelope } from '../../lambdas/shared/events/envelope';
import * as userEvents from '../../lambdas/users/events';
import type { z } from 'zod';

const eventCatalog = { ...userEvents, ...productEvents, ...orderEvents };
export type EventType = keyof typeof eventCatalog;
export type EventData<T extends EventType> = z.output<(typeof eventCatalog)[T]['data']>;
/** An envelope of the named event type. */
export type EnvelopeFor<T extends EventType> = Envelope<(typeof eventCatalog)[T]>;
