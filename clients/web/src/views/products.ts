/** Products with their stock, and an order form on each. */
import type { ApiClient, Order, Product } from '@serverless-gateway-events/client';
import { fill, formatCents, h, uniqueId } from '../dom';
import { problemOf } from '../problem-of';
import { markFieldErrors, type ProblemRegion } from './problem';

/** The API's largest page: a shop of this size lists on one page. */
const PAGE_SIZE = 100;

export class ProductsView {
  readonly element: HTMLElement;
  private readonly list = h('ul', { class: 'products', 'aria-busy': 'true' });
  /** Each product's item, kept across refreshes so that a refresh never takes a typed quantity or the focus. */
  private readonly items = new Map<string, { element: HTMLElement; facts: HTMLElement }>();

  constructor(
    private readonly api: ApiClient,
    private readonly problems: ProblemRegion,
    private readonly onOrdered: (order: Order) => void,
  ) {
    this.element = h(
      'section',
      { 'aria-labelledby': 'products-heading' },
      h('div', { class: 'section-head' }, h('h2', { id: 'products-heading' }, 'Products'), h('button', { type: 'button', class: 'secondary', onclick: () => void this.refresh() }, 'Refresh products')),
      this.list,
    );
  }

  async refresh(): Promise<void> {
    this.list.setAttribute('aria-busy', 'true');
    const outcome = await this.api.listProducts({ limit: PAGE_SIZE });
    this.list.setAttribute('aria-busy', 'false');
    if (!outcome.ok) return this.problems.show(outcome);
    const { items } = outcome.data;
    if (items.length === 0) return fill(this.list, h('li', { class: 'empty' }, 'No products yet.'));
    for (const gone of [...this.items.keys()].filter((id) => !items.some((product) => product.id === id))) this.items.delete(gone);
    const elements = items.map((product) => {
      const known = this.items.get(product.id);
      if (!known) return this.productItem(product);
      fill(known.facts, ...this.facts(product));
      return known.element;
    });
    // Items already in place stay where they are (moving a node would blur its focused input).
    elements.forEach((element, index) => {
      if (this.list.children[index] !== element) this.list.insertBefore(element, this.list.children[index] ?? null);
    });
    while (this.list.children.length > elements.length) this.list.lastElementChild!.remove();
  }

  private facts(product: Product): HTMLElement[] {
    return [h('h3', { class: 'product-name' }, product.name), h('p', {}, formatCents(product.priceCents), ' · ', h('span', { class: 'stock' }, `${product.stock} in stock`))];
  }

  private productItem(product: Product): HTMLElement {
    const quantityId = uniqueId('quantity');
    const form = h(
      'form',
      { class: 'order-form', 'aria-label': `Order ${product.name}` },
      h('label', { for: quantityId }, 'Quantity'),
      h('input', { id: quantityId, name: 'quantity', type: 'number', inputmode: 'numeric', value: '1', required: true }),
      h('button', { type: 'submit' }, 'Order'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.order(form, product);
    });
    const facts = h('div', { class: 'product-facts' }, ...this.facts(product));
    const element = h('li', { class: 'product', 'data-product-id': product.id }, facts, form);
    this.items.set(product.id, { element, facts });
    return element;
  }

  private async order(form: HTMLFormElement, product: Product): Promise<void> {
    const button = form.querySelector('button')!;
    button.disabled = true;
    const quantity = Number((form.elements.namedItem('quantity') as HTMLInputElement).value);
    const outcome = await this.api.placeOrder({ items: [{ productId: product.id, quantity }] });
    button.disabled = false;
    markFieldErrors(form, problemOf(outcome));
    if (!outcome.ok) return this.problems.show(outcome);
    this.problems.clear();
    this.onOrdered(outcome.data);
  }
}
