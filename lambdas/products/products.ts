import { nowIso } from '../shared/clock';
import { createEvent, type Envelope } from '../shared/events/envelope';
import { newId } from '../shared/ids';
import type { CreateProductBody } from './contract';
import { ProductCreated } from './events';

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly priceCents: number;
  /** Units available: reservations are taken out of it, releases put back into it. */
  readonly stock: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface NewProduct {
  readonly product: Product;
  readonly event: Envelope<typeof ProductCreated>;
}

/** A product as an admin adds it, with the event announcing it; both are written together or not at all. */
export const newProduct = (body: CreateProductBody, context: { readonly correlationId: string }): NewProduct => {
  const now = nowIso();
  const product: Product = {
    id: newId(),
    name: body.name,
    priceCents: body.priceCents,
    stock: body.stock,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const event = createEvent(
    ProductCreated,
    product.id,
    { productId: product.id, name: product.name, priceCents: product.priceCents, stock: product.stock },
    context.correlationId,
  );
  return { product, event };
};
