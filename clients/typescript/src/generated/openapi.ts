/**
 * Generated from docs/openapi.json by openapi-typescript (`npm run openapi`): do not edit.
 */

export interface paths {
    readonly "/v1/health": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Liveness of the API
         * @description Who may call: anyone.
         */
        readonly get: operations["getHealth"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/openapi.json": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * This API as an OpenAPI 3.1 document
         * @description Who may call: anyone.
         */
        readonly get: operations["getOpenApi"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/users": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Create the caller's own profile (id = token sub)
         * @description Who may call: signed in.
         */
        readonly post: operations["createUser"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/users/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Read a user profile
         * @description Who may call: owner or admin.
         */
        readonly get: operations["getUser"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        /**
         * Update a profile (If-Match required)
         * @description Who may call: owner.
         */
        readonly patch: operations["updateUser"];
        readonly trace?: never;
    };
    readonly "/v1/products": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * List products, oldest first, a page at a time
         * @description Who may call: signed in.
         */
        readonly get: operations["listProducts"];
        readonly put?: never;
        /**
         * Create a product with its initial stock
         * @description Who may call: admin.
         */
        readonly post: operations["createProduct"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/products/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Read a product and its available stock
         * @description Who may call: signed in.
         */
        readonly get: operations["getProduct"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/orders": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Place an order (honours Idempotency-Key)
         * @description Who may call: signed in.
         */
        readonly post: operations["placeOrder"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/orders/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Read an order
         * @description Who may call: owner or admin.
         */
        readonly get: operations["getOrder"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/users/{id}/orders": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A user's orders, newest first
         * @description Who may call: owner or admin.
         */
        readonly get: operations["listUserOrders"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/orders/{id}/cancel": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Cancel a PENDING or CONFIRMED order
         * @description Who may call: owner.
         */
        readonly post: operations["cancelOrder"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/users/{id}/notifications": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A user's notifications, newest first
         * @description Who may call: owner or admin.
         */
        readonly get: operations["listUserNotifications"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/users/{id}/summary": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Profile, 5 newest orders and latest notifications at once (partial if a part is unavailable)
         * @description Who may call: owner or admin.
         */
        readonly get: operations["getUserSummary"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description RFC 9457 problem details: the body of every 4xx and 5xx */
        readonly Problem: {
            /**
             * @description A relative URI naming the kind of problem, one of the catalogue (README, Errors)
             * @enum {string}
             */
            readonly type: "/problems/malformed-json" | "/problems/validation" | "/problems/invalid-idempotency-key" | "/problems/unauthorized" | "/problems/forbidden" | "/problems/request-blocked" | "/problems/invalid-api-key" | "/problems/not-found" | "/problems/no-route" | "/problems/method-not-allowed" | "/problems/conflict" | "/problems/idempotency-key-in-flight" | "/problems/precondition-failed" | "/problems/payload-too-large" | "/problems/unsupported-media-type" | "/problems/unprocessable" | "/problems/idempotency-key-reused" | "/problems/precondition-required" | "/problems/throttled" | "/problems/rate-limited" | "/problems/quota-exceeded" | "/problems/client-error" | "/problems/internal" | "/problems/bad-gateway" | "/problems/starting" | "/problems/gateway-timeout";
            readonly title: string;
            readonly status: number;
            readonly detail: string;
            /** @description One entry per offending field, on 400 validation problems */
            readonly errors?: readonly {
                /** @description JSON Pointer (RFC 6901) to the offending value in the request */
                readonly path: string;
                readonly message: string;
            }[];
        };
        /** @description The API is up */
        readonly Health: {
            /** @constant */
            readonly status: "ok";
        };
        /** @description This OpenAPI 3.1 document */
        readonly OpenApiDocument: {
            readonly openapi: string;
            readonly info: {
                readonly title: string;
                readonly version: string;
            } & {
                readonly [key: string]: unknown;
            };
        } & {
            readonly [key: string]: unknown;
        };
        /** @description A user profile */
        readonly User: {
            /** @description The user's token `sub` */
            readonly id: string;
            readonly name: string;
            /** Format: email */
            readonly email: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            readonly createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            readonly updatedAt: string;
            /** @description Starts at 1 and grows by one on every write; the ETag is its quoted value */
            readonly version: number;
        };
        /** @description A product and its available stock */
        readonly Product: {
            /** @description A ULID: sorts by creation time */
            readonly id: string;
            readonly name: string;
            readonly priceCents: number;
            /** @description Units available: reservations are taken out of it */
            readonly stock: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            readonly createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            readonly updatedAt: string;
            /** @description Starts at 1 and grows by one on every write; the ETag is its quoted value */
            readonly version: number;
        };
        /** @description One page of a list, in the list’s order */
        readonly ProductPage: {
            readonly items: readonly components["schemas"]["Product"][];
            /** @description Pass as `cursor` for the next page; null on the last page */
            readonly nextCursor: string | null;
        };
        /** @description An order */
        readonly Order: {
            /** @description A ULID: sorts by creation time */
            readonly id: string;
            readonly userId: string;
            readonly items: readonly components["schemas"]["OrderItem"][];
            readonly totalCents: number;
            /**
             * @description PENDING until the inventory reserves stock (CONFIRMED) or cannot (REJECTED); the owner may cancel
             * @enum {string}
             */
            readonly status: "PENDING" | "CONFIRMED" | "REJECTED" | "CANCELLED";
            /** @description Why stock could not be reserved; only on REJECTED orders */
            readonly reason?: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            readonly createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            readonly updatedAt: string;
            /** @description Starts at 1 and grows by one on every write; the ETag is its quoted value */
            readonly version: number;
        };
        /** @description One page of a list, in the list’s order */
        readonly OrderPage: {
            readonly items: readonly components["schemas"]["Order"][];
            /** @description Pass as `cursor` for the next page; null on the last page */
            readonly nextCursor: string | null;
        };
        /** @description One page of a list, in the list’s order */
        readonly NotificationPage: {
            readonly items: readonly components["schemas"]["Notification"][];
            /** @description Pass as `cursor` for the next page; null on the last page */
            readonly nextCursor: string | null;
        };
        /** @description A user's profile, recent orders and notifications in one response */
        readonly UserSummary: {
            readonly user: components["schemas"]["User"];
            /** @description Up to 5 orders, newest first; null when they could not be read */
            readonly recentOrders: readonly components["schemas"]["Order"][] | null;
            /** @description null when they could not be read */
            readonly notifications: {
                readonly total: number;
                /** @description false when the user has so many notifications that counting stopped early: `total` is then a lower bound */
                readonly totalIsExact: boolean;
                /** @description Up to 3, newest first */
                readonly latest: readonly components["schemas"]["Notification"][];
            } | null;
            /** @description The parts that could not be read (and are null); empty when the summary is complete */
            readonly partial: readonly ("orders" | "notifications")[];
        };
        /** @description A notification to its user */
        readonly Notification: {
            /** @description The id of the event that caused it */
            readonly id: string;
            /** @enum {string} */
            readonly type: "UserSignedUp" | "OrderConfirmed" | "OrderRejected" | "OrderCancelled";
            readonly message: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            readonly createdAt: string;
        };
        /** @description One line of an order, priced when it was placed */
        readonly OrderItem: {
            readonly productId: string;
            readonly quantity: number;
            /** @description The product's price when the order was placed */
            readonly unitPriceCents: number;
        };
        readonly CreateUserRequest: {
            readonly name: string;
            /** Format: email */
            readonly email: string;
        };
        readonly UpdateUserRequest: {
            readonly name?: string;
            /** Format: email */
            readonly email?: string;
        };
        readonly CreateProductRequest: {
            readonly name: string;
            readonly priceCents: number;
            readonly stock: number;
        };
        readonly PlaceOrderRequest: {
            readonly items: readonly {
                readonly productId: string;
                readonly quantity: number;
            }[];
        };
    };
    responses: {
        /** @description `/problems/malformed-json`: the body is not JSON, or not UTF-8; `/problems/validation`: wrong types, missing or unknown fields, text with control characters, bad query parameters (with `errors`); from the gateway, a missing required parameter; `/problems/invalid-idempotency-key`: an `Idempotency-Key` that is not 1-255 printable ASCII characters, or is sent twice (with `errors`) */
        readonly BadRequest: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/unauthorized`: no valid, unexpired id token, or one whose subject cannot name a user */
        readonly Unauthorized: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/forbidden`: signed in, but not allowed (e.g. a non-admin creating a product); `/problems/request-blocked`: the web application firewall's managed rules took the request for an attack; `/problems/invalid-api-key`: no `x-api-key`, or not a client app's key */
        readonly Forbidden: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/not-found`: no such resource (or not yours); `/problems/no-route`: no route has this method and path */
        readonly NotFound: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/conflict`: already exists, or an invalid state transition; `/problems/idempotency-key-in-flight`: a retry while the first request with its `Idempotency-Key` is still in flight */
        readonly Conflict: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/precondition-failed`: stale `If-Match` */
        readonly PreconditionFailed: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/payload-too-large`: a body over 64 KB (over 10 MB, the gateway's limit) */
        readonly ContentTooLarge: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/unsupported-media-type`: a body not sent as `application/json`, or in a charset other than UTF-8 */
        readonly UnsupportedMediaType: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/unprocessable`: an order naming a product that does not exist; `/problems/idempotency-key-reused`: an `Idempotency-Key` reused with another body */
        readonly Unprocessable: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/precondition-required`: `If-Match` missing */
        readonly PreconditionRequired: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/throttled`: over the stage's, the route's or the client app's rate; `Retry-After` says when to retry; `/problems/rate-limited`: too many requests from one IP address (the firewall); `Retry-After` says when to retry; `/problems/quota-exceeded`: the client app's daily quota is used up */
        readonly TooManyRequests: {
            headers: {
                /** @description Seconds to wait before retrying */
                readonly "Retry-After": number;
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/internal`: an unexpected failure; never says more than the request id to quote */
        readonly InternalServerError: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/bad-gateway`: the function failed or returned a malformed response */
        readonly BadGateway: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `/problems/gateway-timeout`: the function did not answer in time */
        readonly GatewayTimeout: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    readonly getHealth: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Liveness of the API */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["Health"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly getOpenApi: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description This API as an OpenAPI 3.1 document */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    /** @description How long the response may be reused */
                    readonly "Cache-Control"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly createUser: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": components["schemas"]["CreateUserRequest"];
            };
        };
        readonly responses: {
            /** @description Create the caller's own profile (id = token sub) */
            readonly 201: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    /** @description The URL of the created resource */
                    readonly Location?: string;
                    /** @description The entity’s version, for If-Match */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["User"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 409: components["responses"]["Conflict"];
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly getUser: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path: {
                /** @description The user's id */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Read a user profile */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    /** @description The entity’s version, for If-Match */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["User"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly updateUser: {
        readonly parameters: {
            readonly query?: never;
            readonly header: {
                /** @description The ETag of the version being changed, from the last read (`"3"`); missing is 428, stale is 412 */
                readonly "If-Match": string;
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path: {
                /** @description The user's id */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": components["schemas"]["UpdateUserRequest"];
            };
        };
        readonly responses: {
            /** @description Update a profile (If-Match required) */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    /** @description The entity’s version, for If-Match */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["User"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 412: components["responses"]["PreconditionFailed"];
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            readonly 428: components["responses"]["PreconditionRequired"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly listProducts: {
        readonly parameters: {
            readonly query?: {
                /** @description How many items a page holds at most */
                readonly limit?: number;
                /** @description The previous page's `nextCursor`, as given: opaque, and valid only for the same list */
                readonly cursor?: string;
            };
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description List products, oldest first, a page at a time */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["ProductPage"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly createProduct: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": components["schemas"]["CreateProductRequest"];
            };
        };
        readonly responses: {
            /** @description Create a product with its initial stock */
            readonly 201: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    /** @description The URL of the created resource */
                    readonly Location?: string;
                    /** @description The entity’s version, for If-Match */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["Product"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly getProduct: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path: {
                /** @description The product's id */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Read a product and its available stock */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    /** @description The entity’s version, for If-Match */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["Product"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly placeOrder: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description Makes a retry safe: the same key and body return the first response and change nothing; scoped to the caller, kept 24 hours */
                readonly "Idempotency-Key"?: string;
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": components["schemas"]["PlaceOrderRequest"];
            };
        };
        readonly responses: {
            /** @description Place an order (honours Idempotency-Key) */
            readonly 201: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    /** @description The URL of the created resource */
                    readonly Location?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["Order"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 409: components["responses"]["Conflict"];
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            readonly 422: components["responses"]["Unprocessable"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly getOrder: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path: {
                /** @description The order's id */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Read an order */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["Order"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly listUserOrders: {
        readonly parameters: {
            readonly query?: {
                /** @description How many items a page holds at most */
                readonly limit?: number;
                /** @description The previous page's `nextCursor`, as given: opaque, and valid only for the same list */
                readonly cursor?: string;
            };
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path: {
                /** @description The user's id */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description A user's orders, newest first */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["OrderPage"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly cancelOrder: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path: {
                /** @description The order's id */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Cancel a PENDING or CONFIRMED order */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["Order"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 409: components["responses"]["Conflict"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly listUserNotifications: {
        readonly parameters: {
            readonly query?: {
                /** @description How many items a page holds at most */
                readonly limit?: number;
                /** @description The previous page's `nextCursor`, as given: opaque, and valid only for the same list */
                readonly cursor?: string;
            };
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path: {
                /** @description The user's id */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description A user's notifications, newest first */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["NotificationPage"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
    readonly getUserSummary: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description Ties the request to its logs and to the events it causes; the request id is used when absent or malformed */
                readonly "x-correlation-id"?: string;
            };
            readonly path: {
                /** @description The user's id */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Profile, 5 newest orders and latest notifications at once (partial if a part is unavailable) */
            readonly 200: {
                headers: {
                    /** @description The correlation id in force (the client’s, else the request id): quote it when reporting a problem */
                    readonly "x-correlation-id"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["UserSummary"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalServerError"];
            readonly 502: components["responses"]["BadGateway"];
            readonly 504: components["responses"]["GatewayTimeout"];
        };
    };
}
