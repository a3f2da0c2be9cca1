import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { outboxPut } from '../shared/outbox';
import { decodeCursor, encodeCursor } from '../shared/pagination';
import type { StoreFactory } from '../shared/store';
import type { ProductsStore } from './ports';
import type { Product } from './products';
import { PRODUCT_LIST_PK, PRODUCT_SK, productKey } from './table-keys';

const PRODUCT_LIST_INDEX = 'gsi1';
/** A Query on a GSI returns a LastEvaluatedKey made of the table key and the index key. */
const LIST_CURSOR_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;

interface ProductItem extends Product {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  kind: 'product';
}

const toItem = (product: Product): ProductItem => ({
  ...productKey(product.id),
  gsi1pk: PRODUCT_LIST_PK,
  gsi1sk: product.id,
  kind: 'product',
  ...product,
});

/** An allowlist, not a denylist: attributes added to the item later stay internal until someone decides otherwise. */
const toProduct = (item: Record<string, unknown>): Product => ({
  id: item.id as string,
  name: item.name as string,
  priceCents: item.priceCents as number,
  stock: item.stock as number,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
  version: item.version as number,
});

/** A cursor must point into the product list: a product item's own key and its gsi1 key. */
const listStartKey = (cursor: string | undefined): Record<string, string> | undefined =>
  decodeCursor(
    cursor,
    LIST_CURSOR_ATTRIBUTES,
    ({ pk, sk, gsi1pk, gsi1sk }) =>
      gsi1pk === PRODUCT_LIST_PK && sk === PRODUCT_SK && !!gsi1sk && pk === productKey(gsi1sk).pk,
  );

export const dynamoProductsStore: StoreFactory<ProductsStore, 'products'> = (client, { products: tableName }) => ({
  // Not exposed to transaction conflicts: a new product item and a new outbox item (fresh ids).
  async create(product, event) {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: toItem(product), ConditionExpression: 'attribute_not_exists(pk)' } },
          outboxPut(tableName, event),
        ],
      }),
    );
  },

  async get(id) {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(id) }));
    return Item ? toProduct(Item) : undefined;
  },

  async list({ limit, cursor }) {
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: PRODUCT_LIST_INDEX,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': PRODUCT_LIST_PK },
        ScanIndexForward: true,
        Limit: limit,
        ExclusiveStartKey: listStartKey(cursor),
      }),
    );
    return { items: Items.map(toProduct), nextCursor: encodeCursor(LastEvaluatedKey) };
  },
});
