import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { NotFoundError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/handler';
import { requireCaller } from '../../shared/http/caller';
import { parseQuery, pathParameter, requireNoBody } from '../../shared/http/request';
import { etagOf, json } from '../../shared/http/respond';
import { ULID_PATTERN } from '../../shared/ids';
import { noQuery } from '../schemas';
import { dynamoProductsStore } from '../store';

const store = dynamoProductsStore(documentClient, tableName('products'));

export const handler = httpHandler(async (event) => {
  requireCaller(event);
  parseQuery(event, noQuery);
  requireNoBody(event);
  const id = pathParameter(event, 'id');
  // Product ids are ULIDs: anything else cannot exist, so it costs no read.
  const product = ULID_PATTERN.test(id) ? await store.get(id) : undefined;
  if (!product) throw new NotFoundError('Product');
  return json(200, product, { etag: etagOf(product.version) });
});
