/**
 * How every failure is shown: the problem's title and detail (or, without an answer from the
 * API, what went wrong), each field's message, and the correlation id to quote to support (it
 * finds the request in every log it went through).
 */
import { describeError, type ApiFailure } from '@serverless-gateway-events/client';
import { fill, h } from '../dom';

/** Field errors as the API sends them: a JSON Pointer into the request, and a message. */
interface FieldErrors {
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

const problemView = (failure: ApiFailure): HTMLElement => {
  const { title, detail } = describeError(failure.error);
  const problem = 'problem' in failure.error ? failure.error.problem : undefined;
  return h(
    'div',
    { class: 'problem', 'data-problem-type': problem?.type ?? failure.error.kind },
    h('h2', { class: 'problem-title' }, title),
    detail ? h('p', { class: 'problem-detail' }, detail) : null,
    problem?.errors?.length
      ? h('ul', { class: 'problem-errors' }, ...problem.errors.map((error) => h('li', {}, h('code', {}, error.path || '/'), ' ', error.message)))
      : null,
    h('p', { class: 'correlation' }, 'Correlation id: ', h('code', { class: 'correlation-id' }, failure.correlationId), ' (quote it if you contact support)'),
  );
};

/** The page's one alert region: a new problem replaces the last, and screen readers announce it. */
export class ProblemRegion {
  readonly element = h('div', { id: 'problem', role: 'alert' });

  show(failure: ApiFailure): void {
    fill(this.element, problemView(failure), h('button', { type: 'button', class: 'secondary', onclick: () => this.clear() }, 'Dismiss'));
  }

  /** A failure outside the API (e.g. the sign-in page's own), with its title and detail. */
  showMessage(title: string, detail: string): void {
    fill(this.element, h('div', { class: 'problem' }, h('h2', { class: 'problem-title' }, title), h('p', { class: 'problem-detail' }, detail)));
  }

  clear(): void {
    fill(this.element);
  }
}

/**
 * Puts each field error next to its input (`/priceCents` → the input named priceCents) with
 * aria-invalid and aria-describedby, and clears the previous ones.
 */
export const markFieldErrors = (form: HTMLFormElement, problem: FieldErrors | undefined): void => {
  for (const message of form.querySelectorAll('.field-error')) message.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    const hint = input.getAttribute('data-hint');
    if (hint) input.setAttribute('aria-describedby', hint);
    else input.removeAttribute('aria-describedby');
  }
  let first: HTMLElement | undefined;
  for (const error of problem?.errors ?? []) {
    const name = error.path.split('/').filter(Boolean).at(-1);
    const input = name ? form.querySelector<HTMLInputElement>(`[name="${CSS.escape(name)}"]`) : null;
    if (!input) continue;
    const id = `${input.id}-error`;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', [id, input.getAttribute('data-hint')].filter(Boolean).join(' '));
    input.insertAdjacentElement('afterend', h('p', { class: 'field-error', id }, error.message));
    first ??= input;
  }
  first?.focus();
};
