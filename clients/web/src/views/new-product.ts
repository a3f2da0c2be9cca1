/** Admins only: create a product with its initial stock. */
import type { ApiClient } from '@serverless-gateway-events/client';
import { h, uniqueId } from '../dom';
import { problemOf } from '../problem-of';
import { markFieldErrors, type ProblemRegion } from './problem';

const field = (label: string, name: string, attributes: Record<string, string | boolean>): HTMLElement => {
  const id = uniqueId(name);
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name, required: true, ...attributes }));
};

/** "12.5" → 1250; anything else is sent as it is and refused by the API with the field's message. */
const toCents = (text: string): number => Math.round(Number(text) * 100);

export const newProductForm = (api: ApiClient, problems: ProblemRegion, onCreated: () => void): HTMLElement => {
  const status = h('p', { role: 'status', class: 'form-status' });
  const form = h(
    'form',
    { 'aria-labelledby': 'new-product-heading' },
    field('Name', 'name', { type: 'text', autocomplete: 'off' }),
    field('Price (USD)', 'priceCents', { type: 'text', inputmode: 'decimal' }),
    field('Stock', 'stock', { type: 'number', inputmode: 'numeric' }),
    h('button', { type: 'submit' }, 'Create product'),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const value = (name: string): string => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
      const outcome = await api.createProduct({ name: value('name'), priceCents: toCents(value('priceCents')), stock: Number(value('stock')) });
      markFieldErrors(form, problemOf(outcome));
      if (!outcome.ok) {
        status.textContent = '';
        return problems.show(outcome);
      }
      problems.clear();
      form.reset();
      status.textContent = `Created ${outcome.data.name}.`;
      onCreated();
    })();
  });
  return h('section', { 'aria-labelledby': 'new-product-heading', class: 'admin' }, h('h2', { id: 'new-product-heading' }, 'New product'), form);
};
