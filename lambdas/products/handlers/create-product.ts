import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { routeHandler } from '../../shared/http/route';
import { etagOf } from '../../shared/http/respond';
import { createProduct } from '../contract';
import { newProduct } from '../products';
import { dynamoProductsStore } from '../store';

const store = dynamoProductsStore(documentClient, { products: tableName('products') });

/** POST /v1/products: an admin adds a product (the wrapper refuses anyone else before reading the body). */
export const handler = routeHandler(createProduct, async ({ body, correlationId }) => {
  const { product, event: created } = newProduct(body, { correlationId });
  await store.create(product, created);
  return { body: product, headers: { location: `/v1/products/${product.id}`, etag: etagOf(product.version) } };
});
