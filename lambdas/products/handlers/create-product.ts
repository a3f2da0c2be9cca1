import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { httpHandler } from '../../shared/http/handler';
import { requireAdmin, requireCaller } from '../../shared/http/caller';
import { parseBody, parseQuery } from '../../shared/http/request';
import { etagOf, json } from '../../shared/http/respond';
import { newProduct } from '../products';
import { createProductBody, noQuery } from '../schemas';
import { dynamoProductsStore } from '../store';

const store = dynamoProductsStore(documentClient, tableName('products'));

export const handler = httpHandler(async (event, request) => {
  // Authorisation first: a non-admin learns nothing about what a valid body would be.
  requireAdmin(requireCaller(event));
  parseQuery(event, noQuery);
  const body = parseBody(event, createProductBody);
  const { product, event: created } = newProduct(body, request);
  await store.create(product, created);
  return json(201, product, { location: `/v1/products/${product.id}`, etag: etagOf(product.version) });
});
