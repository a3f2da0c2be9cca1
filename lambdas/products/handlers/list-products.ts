import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { routeHandler } from '../../shared/http/route';
import { listProducts } from '../contract';
import { dynamoProductsStore } from '../store';

const store = dynamoProductsStore(documentClient, { products: tableName('products') });

export const handler = routeHandler(listProducts, async ({ query }) => ({ body: await store.list(query) }));
