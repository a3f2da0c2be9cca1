/**
 * Generated from docs/asyncapi.json by openapi-typescript (`npm run openapi`): do not edit.
 */

export type paths = Record<string, never>;
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        readonly UserSignedUp: {
            readonly id: string;
            /** @constant */
            readonly type: "UserSignedUp";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "users";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly userId: string;
                readonly name: string;
                readonly email: string;
            };
        };
        readonly UserUpdated: {
            readonly id: string;
            /** @constant */
            readonly type: "UserUpdated";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "users";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly userId: string;
                readonly changes: {
                    readonly name?: string;
                    readonly email?: string;
                };
            };
        };
        readonly ProductCreated: {
            readonly id: string;
            /** @constant */
            readonly type: "ProductCreated";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "products";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly productId: string;
                readonly name: string;
                readonly priceCents: number;
                readonly stock: number;
            };
        };
        readonly StockReserved: {
            readonly id: string;
            /** @constant */
            readonly type: "StockReserved";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "products";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly orderId: string;
                readonly items: readonly {
                    readonly productId: string;
                    readonly quantity: number;
                }[];
            };
        };
        readonly StockReservationFailed: {
            readonly id: string;
            /** @constant */
            readonly type: "StockReservationFailed";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "products";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly orderId: string;
                readonly productId: string;
                readonly reason: string;
            };
        };
        readonly StockReleased: {
            readonly id: string;
            /** @constant */
            readonly type: "StockReleased";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "products";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly orderId: string;
                readonly items: readonly {
                    readonly productId: string;
                    readonly quantity: number;
                }[];
            };
        };
        readonly OrderPlaced: {
            readonly id: string;
            /** @constant */
            readonly type: "OrderPlaced";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "orders";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly orderId: string;
                readonly userId: string;
                readonly items: readonly {
                    readonly productId: string;
                    readonly quantity: number;
                    readonly unitPriceCents: number;
                }[];
                readonly totalCents: number;
            };
        };
        readonly OrderCancelled: {
            readonly id: string;
            /** @constant */
            readonly type: "OrderCancelled";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "orders";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly orderId: string;
                readonly userId: string;
                /** @enum {string} */
                readonly previousStatus: "PENDING" | "CONFIRMED";
            };
        };
        readonly OrderConfirmed: {
            readonly id: string;
            /** @constant */
            readonly type: "OrderConfirmed";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "orders";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly orderId: string;
                readonly userId: string;
            };
        };
        readonly OrderRejected: {
            readonly id: string;
            /** @constant */
            readonly type: "OrderRejected";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "orders";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly orderId: string;
                readonly userId: string;
                readonly reason: string;
            };
        };
        readonly NotificationCreated: {
            readonly id: string;
            /** @constant */
            readonly type: "NotificationCreated";
            /** @constant */
            readonly version: 1;
            /** @constant */
            readonly source: "notifications";
            /** Format: date-time */
            readonly occurredAt: string;
            readonly correlationId: string;
            readonly subject: string;
            readonly data: {
                readonly id: string;
                readonly userId: string;
                /** @enum {string} */
                readonly type: "UserSignedUp" | "OrderConfirmed" | "OrderRejected" | "OrderCancelled";
                readonly message: string;
                /** Format: date-time */
                readonly createdAt: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
