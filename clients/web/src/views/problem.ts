/**
 * How every failure is shown: the problem's title and detail, each field's message, and the
 * correlation id to quote to support (it finds the request in every log it went through).
 */
import type { Outcome, Problem } from '../api';
import { h, fill } from '../dom';

type Failure = Extract<Outcome<unknown>, { ok: false }>;

export const problemView = (problem: Problem, correlationId: string): HTMLElement =>
  h(
    'div',
    { class: 'problem', 'data-problem-type': problem.type },
    h('h2', { class: 'problem-title' }, problem.title),
    problem.detail ? h('p', { class: 'problem-detail' }, problem.detail) : null,
    problem.errors?.length
      ? h('ul', { class: 'problem-errors' }, ...problem.errors.map((error) => h('li', {}, h('code', {}, error.path || '/'), ' ', error.message)))
      : null,
    h('p', { class: 'correlation' }, 'Correlation id: ', h('code', { class: 'correlation-id' }, correlationId), ' (quote it if you contact support)'),
  );

/** The page's one alert region: a new problem replaces the last, and screen readers announce it. */
export class ProblemRegion {
  readonly element = h('div', { id: 'problem', role: 'alert' });

  show(failure: Failure): void {
    fill(this.element, problemView(failure.problem, failure.correlationId), h('button', { type: 'button', class: 'secondary', onclick: () => this.clear() }, 'Dismiss'));
  }

  clear(): void {
    fill(this.element);
  }
}

/**
 * Puts each field error next to its input (`/priceCents` → the input named priceCents) with
 * aria-invalid and aria-describedby, and clears the previous ones.
 */
export const markFieldErrors = (form: HTMLFormElement, problem: Problem | undefined): void => {
  for (const message of form.querySelectorAll('.field-error')) message.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
  let first: HTMLElement | undefined;
  for (const error of problem?.errors ?? []) {
    const name = error.path.split('/').filter(Boolean).at(-1);
    const input = name ? form.querySelector<HTMLInputElement>(`[name="${CSS.escape(name)}"]`) : null;
    if (!input) continue;
    const id = `${input.id}-error`;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', id);
    input.insertAdjacentElement('afterend', h('p', { class: 'field-error', id }, error.message));
    first ??= input;
  }
  first?.focus();
};
