import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { productsReader } from '../../products/reader';
import { documentClient, dynamoDb } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { routeHandler, routeResponse, type RouteResponse } from '../../shared/http/route';
import { placeNewOrder } from '../commands';
import { placeOrder as route, type PlaceOrderBody } from '../contract';
import { idempotencyKeyOf } from '../idempotency-key';
import { idempotencyErrorToHttp } from '../idempotency-problems';
import { dynamoOrdersStore } from '../store';

const store = dynamoOrdersStore(documentClient, { orders: tableName('orders') });
const prices = productsReader(documentClient, { products: tableName('products') });

/** Keys live as long as the order-key guard (24 h): the two must agree on when a key is free again. */
const KEY_LIFETIME_SECONDS = 86_400;

const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: tableName('orders'),
  keyAttr: 'pk',
  sortKeyAttr: 'sk',
  staticPkValue: 'IDEMPOTENCY#placeOrder',
  // The table's TTL attribute, so DynamoDB deletes the records once Powertools stops honouring them.
  expiryAttr: 'expiresAt',
  awsSdkV3Client: dynamoDb,
});

const idempotencyConfig = new IdempotencyConfig({
  // Scoped per user: two users who happen to pick the same key are two different requests.
  eventKeyJmesPath: '[userId, key]',
  // Same key, other body: 422 instead of replaying a response that belongs to another request.
  payloadValidationJmesPath: 'body',
  expiresAfterSeconds: KEY_LIFETIME_SECONDS,
  hashFunction: 'sha256',
  throwOnNoIdempotencyKey: true,
});

interface PlaceOrderRequest {
  userId: string;
  key?: string;
  body: PlaceOrderBody;
}

/**
 * Returns the whole HTTP response, not the order: Powertools records what this returns and a
 * retry gets exactly that back, status and Location included.
 */
const placeAndRespond = async (request: PlaceOrderRequest, correlationId: string): Promise<RouteResponse<typeof route>> => {
  const order = await placeNewOrder(store, prices, { userId: request.userId, lines: request.body.items, key: request.key }, { correlationId });
  return routeResponse(route, { body: order, headers: { location: `/v1/orders/${order.id}` } });
};

// Only the first argument is hashed; the correlation id differs on every retry and must not matter.
const placeOnce = makeIdempotent(placeAndRespond, {
  persistenceStore,
  config: idempotencyConfig,
  keyPrefix: 'placeOrder',
  dataIndexArgument: 0,
});

export const handler = routeHandler(route, async ({ caller, body, event, correlationId, lambda }) => {
  const key = idempotencyKeyOf(event);
  if (key === undefined) return placeAndRespond({ userId: caller.id, body }, correlationId);

  // Powertools bounds an in-flight record by the time this invocation has left, so a crashed
  // attempt blocks its key only until the function's timeout, not for the key's whole lifetime.
  idempotencyConfig.registerLambdaContext(lambda);
  try {
    return await placeOnce({ userId: caller.id, key, body }, correlationId);
  } catch (error) {
    throw idempotencyErrorToHttp(error) ?? error;
  }
});
