import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../shared/events/envelope';
import { HttpError } from '../shared/http/problem';
import { outboxPut } from '../shared/outbox';
import { decodeCursor, encodeCursor, type Page, type PageQuery } from '../shared/pagination';
import type { Product } from './products';
import { PRODUCT_LIST_PK, PRODUCT_SK, productKey } from './table-keys';

export interface ProductsStore {
  /** Writes the product and its ProductCreated event in one transaction. */
  create(product: Product, event: Envelope<'ProductCreated'>): Promise<void>;
  get(id: string): Promise<Product | undefined>;
  /** Oldest first, a page at a time. */
  list(page: PageQuery): Promise<Page<Product>>;
}

export const PRODUCT_LIST_INDEX = 'gsi1';
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
export const toProduct = (item: Record<string, unknown>): Product => ({
  id: item.id as string,
  name: item.name as string,
  priceCents: item.priceCents as number,
  stock: item.stock as number,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
  version: item.version as number,
});

/**
 * decodeCursor checks the cursor's shape; this checks that it points into the product list. A
 * well-formed key from another partition would make DynamoDB refuse the query (a 500), and the
 * client, not the server, is at fault.
 */
const listStartKey = (cursor: string | undefined): Record<string, string> | undefined => {
  const key = decodeCursor(cursor, LIST_CURSOR_ATTRIBUTES);
  if (key === undefined) return undefined;
  const { pk, sk, gsi1pk, gsi1sk } = key;
  if (gsi1pk !== PRODUCT_LIST_PK || sk !== PRODUCT_SK || !gsi1sk || pk !== productKey(gsi1sk).pk) {
    throw new HttpError(400, 'validation', 'Bad Request', 'The cursor is invalid.', [{ path: '/cursor', message: 'Invalid cursor' }]);
  }
  return key;
};

export const dynamoProductsStore = (client: DynamoDBDocumentClient, tableName: string): ProductsStore => ({
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
