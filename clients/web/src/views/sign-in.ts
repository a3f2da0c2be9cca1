/** The sign-in screen: a name and an admin box locally, the hosted UI's button on a deployed stage. */
import { h, uniqueId } from '../dom';
import type { LocalSignInRequest } from '../auth/local-sign-in';
import { markFieldErrors } from './problem';

/** Ids become DynamoDB key parts and token subjects: the local token endpoint allows these. */
const USER_ID = /^[A-Za-z0-9_.-]{1,128}$/;

export const localSignInForm = (signIn: (request: LocalSignInRequest) => Promise<void>): HTMLElement => {
  const nameId = uniqueId('user');
  const adminId = uniqueId('admin');
  const form = h(
    'form',
    { 'aria-labelledby': 'sign-in-heading', class: 'sign-in' },
    h('div', { class: 'field' }, h('label', { for: nameId }, 'Name'), h('input', { id: nameId, name: 'sub', type: 'text', autocomplete: 'username', required: true, 'aria-describedby': `${nameId}-hint`, 'data-hint': `${nameId}-hint` }), h('p', { id: `${nameId}-hint`, class: 'hint' }, 'Letters, digits, “_”, “.” or “-”. Locally anyone may be anyone: there is no password.')),
    h('div', { class: 'field checkbox' }, h('input', { id: adminId, name: 'admin', type: 'checkbox' }), h('label', { for: adminId }, 'Administrator (may create products)')),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const userId = (form.elements.namedItem('sub') as HTMLInputElement).value.trim();
      const admin = (form.elements.namedItem('admin') as HTMLInputElement).checked;
      if (!USER_ID.test(userId)) return markFieldErrors(form, { errors: [{ path: '/sub', message: 'Use 1 to 128 letters, digits, "_", "." or "-"' }] });
      markFieldErrors(form, undefined);
      await signIn({ userId, admin });
    })();
  });
  return h('section', { 'aria-labelledby': 'sign-in-heading', class: 'card' }, h('h2', { id: 'sign-in-heading' }, 'Sign in'), form);
};

export const cognitoSignInButton = (signIn: () => Promise<void>): HTMLElement =>
  h(
    'section',
    { 'aria-labelledby': 'sign-in-heading', class: 'card' },
    h('h2', { id: 'sign-in-heading' }, 'Sign in'),
    h('p', {}, 'You will sign in (or create an account) on the shop’s sign-in page, then come back here.'),
    h('button', { type: 'button', onclick: () => void signIn() }, 'Sign in'),
  );
