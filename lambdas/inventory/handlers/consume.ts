import { documentClient } from '../../shared/clients';
import { sqsConsumer } from '../../shared/consumer';
import { tableName } from '../../shared/env';
import { inventory } from '../../products/contract';
import { inventoryHandlers, itemsWrittenBy } from '../inventory';
import { dynamoInventoryStore } from '../store';

export const handler = sqsConsumer(
  inventory,
  inventoryHandlers(dynamoInventoryStore(documentClient, { products: tableName('products') })),
  { itemsWrittenBy },
);
