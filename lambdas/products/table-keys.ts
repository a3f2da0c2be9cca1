/**
 * Where a product lives in the products table. The inventory consumer writes the same items
 * (it owns `stock`), so the layout is defined once for both.
 */
export const PRODUCT_SK = 'PRODUCT';
/** Every product shares one gsi1 partition, so a list is one Query ordered by id (a ULID: oldest first). */
export const PRODUCT_LIST_PK = 'PRODUCT';

export const productKey = (productId: string) => ({ pk: `PRODUCT#${productId}`, sk: PRODUCT_SK });
