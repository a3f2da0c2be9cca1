import { documentClient } from '../../shared/clients';
import { sqsConsumer } from '../../shared/consumer';
import { tableName } from '../../shared/env';
import { inventoryHandlers } from '../inventory';
import { dynamoInventoryStore } from '../store';

export const handler = sqsConsumer(inventoryHandlers(dynamoInventoryStore(documentClient, tableName('products'))));
