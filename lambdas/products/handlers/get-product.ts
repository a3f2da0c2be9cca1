import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { NotFoundError } from '../../shared/errors';
import { routeHandler } from '../../shared/http/route';
import { etagOf } from '../../shared/http/respond';
import { ULID_PATTERN } from '../../shared/ids';
import { getProduct } from '../contract';
import { dynamoProductsStore } from '../store';

const store = dynamoProductsStore(documentClient, { products: tableName('products') });

export const handler = routeHandler(getProduct, async ({ params }) => {
  // Product ids are ULIDs: anything else cannot exist, so it costs no read.
  const product = ULID_PATTERN.test(params.id) ? await store.get(params.id) : undefined;
  if (!product) throw new NotFoundError('Product');
  return { body: product, headers: { etag: etagOf(product.version) } };
});
