import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { httpHandler } from '../../shared/http/handler';
import { requireCaller } from '../../shared/http/caller';
import { parseQuery, requireNoBody } from '../../shared/http/request';
import { json } from '../../shared/http/respond';
import { pageQuery } from '../../shared/pagination';
import { dynamoProductsStore } from '../store';

const store = dynamoProductsStore(documentClient, tableName('products'));

export const handler = httpHandler(async (event) => {
  requireCaller(event);
  const page = parseQuery(event, pageQuery);
  requireNoBody(event);
  return json(200, await store.list(page));
});
