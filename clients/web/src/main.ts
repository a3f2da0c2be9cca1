/**
 * The web app: reads its configuration (config.json, so that one build serves every stage),
 * restores or starts a sign-in, makes sure the user has a profile, and shows the shop.
 */
import './styles.css';
import { createApiClient, type ApiClient } from '@serverless-gateway-events/client';
import { cognitoSignIn } from './auth/cognito-sign-in';
import { localSignIn } from './auth/local-sign-in';
import type { Session } from './auth/session';
import { fill, h } from './dom';
import { ProblemRegion } from './views/problem';
import { cognitoSignInButton, localSignInForm } from './views/sign-in';
import { shopPage } from './views/shop';
import { parseWebAppConfig, type WebAppConfig } from './web-config';

const main = document.getElementById('main')!;
const account = document.getElementById('account')!;
const problems = new ProblemRegion();
let stopPage: (() => void) | undefined;

const show = (...content: HTMLElement[]): void => {
  stopPage?.();
  stopPage = undefined;
  fill(main, problems.element, ...content);
};

const fatal = (title: string, detail: string): void => {
  fill(main, h('div', { role: 'alert', class: 'problem' }, h('h2', {}, title), h('p', {}, detail)));
};

const loadConfig = async (): Promise<WebAppConfig> => {
  const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  return parseWebAppConfig(await response.json());
};

/** The API's users sign up by creating their profile with their token: done once, on first sign-in. */
const ensureProfile = async (api: ApiClient, session: Session): Promise<boolean> => {
  const found = await api.getUser(session.userId);
  if (found.ok) return true;
  if (found.error.kind === 'problem' && found.error.status === 404) {
    const created = await api.createUser({ name: session.name, email: session.email });
    if (created.ok) return true;
    problems.show(created);
    return false;
  }
  problems.show(found);
  return false;
};

/** `?poll=off`: updates only as pushed, never polled for (the browser test proves them so). */
const polling = new URLSearchParams(location.search).get('poll') !== 'off';

const showShop = async (config: WebAppConfig, session: Session): Promise<void> => {
  fill(
    account,
    h('span', { class: 'who' }, `Signed in as ${session.name}`, session.admin ? h('span', { class: 'badge' }, 'admin') : null),
    h('button', { type: 'button', class: 'secondary', onclick: () => void session.signOut() }, 'Sign out'),
  );
  show(h('p', { role: 'status' }, 'Loading your profile…'));
  // One client per signed-in person: it keeps the ETags it has seen.
  const api = createApiClient({ baseUrl: config.apiUrl, apiKey: config.apiKey, tokens: session.tokens, ...(config.liveUrl ? { liveUrl: config.liveUrl } : {}) });
  if (!(await ensureProfile(api, session))) return;
  const page = shopPage(api, session, problems, { polling, live: config.liveUrl !== undefined });
  show(page.element);
  stopPage = page.stop;
  main.focus();
};

const start = async (): Promise<void> => {
  let config: WebAppConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    return fatal('The app is not configured', `${(error as Error).message}. Its config.json is written by npm start locally and by the web stack when deployed.`);
  }

  if (config.signIn.mode === 'local') {
    const signOut = (): void => {
      fill(account);
      problems.clear();
      showSignIn();
    };
    const local = localSignIn(config.apiUrl, signOut);
    const showSignIn = (): void =>
      show(
        localSignInForm(async (request) => {
          let session: Session;
          try {
            session = await local.signIn(request);
          } catch (error) {
            return problems.showMessage('Sign-in failed', (error as Error).message);
          }
          await showShop(config, session);
        }),
      );
    const session = local.restore();
    return session ? showShop(config, session) : showSignIn();
  }

  const cognito = cognitoSignIn(config.signIn);
  let session: Session | undefined;
  try {
    session = await cognito.restore();
  } catch (error) {
    // A stale or tampered redirect (state not found, code already used): start again.
    return show(h('div', { role: 'alert', class: 'problem' }, h('h2', {}, 'Sign-in failed'), h('p', {}, (error as Error).message)), cognitoSignInButton(cognito.signIn));
  }
  return session ? showShop(config, session) : show(cognitoSignInButton(cognito.signIn));
};

void start();
