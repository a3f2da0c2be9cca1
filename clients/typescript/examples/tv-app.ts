import { cognitoTokenProvider, createApiClient, describeError, pages } from '@serverless-gateway-events/client';

declare const session: { idToken(): string | undefined; refresh(): Promise<string | undefined> }; // your OIDC sign-in

const api = createApiClient({
  baseUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
  apiKey: 'the tv app key (stack output TvApiKeyId)',
  tokens: cognitoTokenProvider({ currentIdToken: () => session.idToken(), refresh: () => session.refresh() }),
  liveUrl: 'wss://xyz789.execute-api.eu-west-1.amazonaws.com/prod', // stack output LiveUrl
});
api.live.on('OrderConfirmed', (event) => console.log(`order ${event.data.orderId} confirmed`)); // pushed, best effort
for await (const page of pages(api.listProducts, { limit: 20 })) {
  if (!page.ok) throw new Error(`${describeError(page.error).title} (quote ${page.correlationId})`);
  for (const product of page.data.items) console.log(product.name, product.stock);
}
const order = await api.placeOrder({ items: [{ productId: 'p-1', quantity: 1 }] }); // retried safely: placed once
if (!order.ok) console.log(describeError(order.error).detail, `correlation id ${order.correlationId}`);
