/** Where orders live in the orders table: the only place of its key layout (the reader uses it too). */
const ORDER_SK = 'ORDER';
/** A user's orders, newest first: gsi1 partitions by user, sorted by order id (a ULID). */
export const ORDER_LIST_INDEX = 'gsi1';

export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: ORDER_SK });
export const userOrdersPk = (userId: string): string => `USER#${userId}`;
