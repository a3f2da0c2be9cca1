/**
 * Names for the API's schemas, all taken from the generated document types: a change of the
 * API changes them with `npm run openapi`, never by hand.
 */
import type { components } from './generated/openapi';

type Schemas = components['schemas'];

/** An RFC 9457 problem: the body of every 4xx and 5xx the API documents. */
export type Problem = Schemas['Problem'];
/** One of the catalogued problem types (`/problems/<slug>`), as the OpenAPI document lists them. */
export type ProblemType = Problem['type'];
export type Health = Schemas['Health'];
export type OpenApiDocument = Schemas['OpenApiDocument'];
export type User = Schemas['User'];
export type CreateUserRequest = Schemas['CreateUserRequest'];
export type UpdateUserRequest = Schemas['UpdateUserRequest'];
export type Product = Schemas['Product'];
export type CreateProductRequest = Schemas['CreateProductRequest'];
export type ProductPage = Schemas['ProductPage'];
export type Order = Schemas['Order'];
export type OrderItem = Schemas['OrderItem'];
export type PlaceOrderRequest = Schemas['PlaceOrderRequest'];
export type OrderPage = Schemas['OrderPage'];
export type Notification = Schemas['Notification'];
export type NotificationPage = Schemas['NotificationPage'];
export type UserSummary = Schemas['UserSummary'];

/** What every list of the API answers: one page, and the cursor of the next (null on the last). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}
