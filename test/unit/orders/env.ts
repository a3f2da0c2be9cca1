// Imported first by every handler test: handlers read their table names when their module loads.
process.env.ORDERS_TABLE_NAME = 'orders-table';
process.env.PRODUCTS_TABLE_NAME = 'products-table';
process.env.AWS_REGION = 'eu-west-1';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

export const ORDERS_TABLE = 'orders-table';
export const PRODUCTS_TABLE = 'products-table';
