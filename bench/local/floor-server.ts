/**
 * The floor of the local end-to-end benchmark: a bare node:http server doing the same DynamoDB
 * work as the two routes measured, against the same DynamoDB Local, with the same SDK client, and
 * nothing else (no gateway, no token, no worker, no validation, no events).
 *
 * - GET /products/{id}: the GetItem of GET /v1/products/{id}.
 * - POST /orders: the orders domain and store themselves (`placeNewOrder` over the DynamoDB store),
 *   so the same BatchGetItem and TransactWriteItems, outbox event included: the relay and the
 *   consumers then do the same work after the floor's orders as after the gateway's.
 *
 * `tsx bench/local/floor-server.ts <dynamodb-endpoint> <products-table> <orders-table>`; prints `listening <port>`.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { placeNewOrder } from '../../lambdas/orders/commands';
import { dynamoOrdersStore } from '../../lambdas/orders/store';
import { productsReader } from '../../lambdas/products/reader';
import { productKey } from '../../lambdas/products/table-keys';

const [endpoint, productsTable, ordersTable] = process.argv.slice(2);
if (!endpoint || !productsTable || !ordersTable) throw new Error('Usage: floor-server.ts <dynamodb-endpoint> <products-table> <orders-table>');
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  { marshallOptions: { removeUndefinedValues: true } },
);
const orders = dynamoOrdersStore(client, { orders: ordersTable });
const prices = productsReader(client, { products: productsTable });

const readBody = async (request: http.IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const send = (response: http.ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
};

const server = http.createServer(async (request, response) => {
  try {
    const body = await readBody(request);
    const product = /^\/products\/([^/]+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && product) {
      const { Item } = await client.send(new GetCommand({ TableName: productsTable, Key: productKey(decodeURIComponent(product[1]!)) }));
      return Item ? send(response, 200, Item) : send(response, 404, { title: 'Not Found' });
    }
    if (request.method === 'POST' && request.url === '/orders') {
      const { items } = JSON.parse(body) as { items: { productId: string; quantity: number }[] };
      const order = await placeNewOrder(orders, prices, { userId: 'bench-floor', lines: items }, { correlationId: randomUUID() });
      return send(response, 201, order);
    }
    send(response, 404, { title: 'Not Found' });
  } catch (error) {
    send(response, 500, { title: 'Internal Server Error', detail: (error as Error).message });
  }
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  process.exit(0);
});
