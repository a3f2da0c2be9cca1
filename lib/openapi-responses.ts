/**
 * The response bodies of the API, as zod schemas, for the OpenAPI document (lib/openapi.ts).
 * Each one is a named component (`#/components/schemas/<id>`); a route points at its success body
 * with `response` in lib/app.ts. The handlers build their bodies from the services' own types, and
 * test/unit/openapi/responses.test.ts checks at compile time that those types and these schemas agree.
 */
import { z } from 'zod';

/** The named component schemas of the document, by id. */
export const componentSchemas = z.registry<{ id: string }>();

const component = <S extends z.ZodType>(id: string, schema: S): S => {
  componentSchemas.add(schema, { id });
  return schema;
};

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');
const ulid = z.string().describe('A ULID: sorts by creation time');
const version = z.int().min(1).describe('Starts at 1 and grows by one on every write; the ETag is its quoted value');

export const userResponse = component(
  'User',
  z
    .object({
      id: z.string().describe("The user's token `sub`"),
      name: z.string(),
      email: z.email(),
      createdAt: timestamp,
      updatedAt: timestamp,
      version,
    })
    .describe('A user profile'),
);

export const productResponse = component(
  'Product',
  z
    .object({
      id: ulid,
      name: z.string(),
      priceCents: z.int().min(1),
      stock: z.int().min(0).describe('Units available: reservations are taken out of it'),
      createdAt: timestamp,
      updatedAt: timestamp,
      version,
    })
    .describe('A product and its available stock'),
);

const orderItem = component(
  'OrderItem',
  z.object({
    productId: z.string(),
    quantity: z.int().min(1),
    unitPriceCents: z.int().describe("The product's price when the order was placed"),
  }),
);

export const orderResponse = component(
  'Order',
  z
    .object({
      id: ulid,
      userId: z.string(),
      items: z.array(orderItem),
      totalCents: z.int(),
      status: z
        .enum(['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED'])
        .describe('PENDING until the inventory reserves stock (CONFIRMED) or cannot (REJECTED); the owner may cancel'),
      reason: z.string().optional().describe('Why stock could not be reserved; only on REJECTED orders'),
      createdAt: timestamp,
      updatedAt: timestamp,
      version,
    })
    .describe('An order'),
);

export const notificationResponse = component(
  'Notification',
  z
    .object({
      id: ulid.describe('The id of the event that caused it'),
      type: z.enum(['UserSignedUp', 'OrderConfirmed', 'OrderRejected', 'OrderCancelled']),
      message: z.string(),
      createdAt: timestamp,
    })
    .describe('A notification to its user'),
);

const pageOf = <T extends z.ZodType>(id: string, item: T) =>
  component(
    id,
    z
      .object({
        items: z.array(item),
        nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
      })
      .describe('One page of a list, in the list’s order'),
  );

export const productPageResponse = pageOf('ProductPage', productResponse);
export const orderPageResponse = pageOf('OrderPage', orderResponse);
export const notificationPageResponse = pageOf('NotificationPage', notificationResponse);

export const summaryResponse = component(
  'UserSummary',
  z
    .object({
      user: userResponse,
      recentOrders: z.array(orderResponse).max(5).nullable().describe('Up to 5 orders, newest first; null when they could not be read'),
      notifications: z
        .object({
          total: z.int().min(0),
          totalIsExact: z.boolean().describe('false when the user has so many notifications that counting stopped early: `total` is then a lower bound'),
          latest: z.array(notificationResponse).max(3).describe('Up to 3, newest first'),
        })
        .nullable()
        .describe('null when they could not be read'),
      partial: z
        .array(z.enum(['orders', 'notifications']))
        .describe('The parts that could not be read (and are null); empty when the summary is complete'),
    })
    .describe("A user's profile, recent orders and notifications in one response"),
);

export const healthResponse = component('Health', z.object({ status: z.literal('ok') }));

export const openApiDocumentResponse = component(
  'OpenApiDocument',
  z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }) }).describe('This OpenAPI 3.1 document'),
);

export const problemResponse = component(
  'Problem',
  z
    .object({
      type: z.string().describe('A relative URI naming the kind of problem, e.g. `/problems/not-found`'),
      title: z.string(),
      status: z.int().min(400).max(599),
      detail: z.string(),
      errors: z
        .array(
          z.object({
            path: z.string().describe('JSON Pointer (RFC 6901) to the offending value in the request'),
            message: z.string(),
          }),
        )
        .optional()
        .describe('One entry per offending field, on 400 validation problems'),
    })
    .describe('RFC 9457 problem details: the body of every 4xx and 5xx'),
);
