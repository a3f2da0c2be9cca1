import { documentClient } from '../../shared/clients';
import { sqsConsumer } from '../../shared/consumer';
import { tableName } from '../../shared/env';
import { products } from '../../products/contract';
import { inventoryHandlers } from '../inventory';
import { dynamoInventoryStore } from '../store';

export const handler = sqsConsumer(
  products.consumers.inventory,
  inventoryHandlers(dynamoInventoryStore(documentClient, { products: tableName('products') })),
);
