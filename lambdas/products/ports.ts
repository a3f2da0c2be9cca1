import type { Envelope } from '../shared/events/envelope';
import type { Page, PageQuery } from '../shared/pagination';
import type { ProductCreated } from './events';
import type { Product } from './products';

/** What the products API needs from storage. */
export interface ProductsStore {
  /** Writes the product and its ProductCreated event in one transaction. */
  create(product: Product, event: Envelope<typeof ProductCreated>): Promise<void>;
  get(id: string): Promise<Product | undefined>;
  /** Oldest first, a page at a time. */
  list(page: PageQuery): Promise<Page<Product>>;
}
