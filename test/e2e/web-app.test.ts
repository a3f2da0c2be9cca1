/**
 * The web app (clients/web) in a real browser: Debian's chromium driven by playwright-core (no
 * browser download), against the shared local runtime, which serves the app at /app/. One
 * browser for the file; each user has a context of their own (their own sessionStorage).
 */
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebAppBuilt } from '../../local/web/web-build';
import { ApiClient, eventually, unique } from './support/api-client';
import { sharedLocalRuntime } from './support/shared-local-runtime';
import { order, product, signIn } from './support/web-app-page';

/** Debian's package (.ci/run installs it when missing). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Long enough for a cold function on a busy two-core machine, and the inventory's round trip. */
const SETTLES_MS = 45_000;

describe('the web app in a browser', { timeout: 120_000 }, () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let appUrl: string;

  beforeAll(async () => {
    appUrl = `${sharedLocalRuntime().url}/app/`;
    await ensureWebAppBuilt();
    // As root (CI) chromium's sandbox cannot start; the pages are our own app.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  /**
   * A new user's tab; every console error and CSP violation fails the test that caused it. `search`
   * is the app URL's query (`?poll=off`: updates only as pushed); `prepare` runs before the app loads.
   */
  const openApp = async ({
    viewport = { width: 1024, height: 800 },
    search = '',
    prepare,
  }: { viewport?: { width: number; height: number }; search?: string; prepare?: (page: Page) => Promise<void> } = {}): Promise<{ page: Page; errors: string[] }> => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await prepare?.(page);
    const errors: string[] = [];
    page.on('console', (message) => {
      // The app's own refused requests (a 400 it shows) are logged by chromium as failed loads: expected.
      if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${appUrl}${search}`);
    return { page, errors };
  };

  it('lets an admin create a product, and shows a refused field with its message, the problem and the correlation id', async () => {
    const { page, errors } = await openApp();
    await signIn(page, unique('admin'), true);
    expect(await page.getByText('admin', { exact: true }).isVisible()).toBe(true);

    const form = page.getByRole('region', { name: 'New product' });
    await form.getByLabel('Name').fill('Desk lamp');
    await form.getByLabel('Price (USD)').fill('0');
    await form.getByLabel('Stock').fill('3');
    await form.getByRole('button', { name: 'Create product' }).click();

    const alert = page.getByRole('alert');
    await alert.locator('.problem-title').waitFor();
    expect(await alert.locator('.problem').getAttribute('data-problem-type')).toBe('/problems/validation');
    expect(await alert.locator('.problem-title').textContent()).toBe('Bad Request');
    expect(await alert.locator('.problem-detail').textContent()).toMatch(/\S/);
    expect(await alert.locator('.correlation-id').textContent()).toMatch(/^[0-9a-f-]{36}$/);
    const price = form.getByLabel('Price (USD)');
    expect(await price.getAttribute('aria-invalid')).toBe('true');
    const fieldMessage = page.locator(`#${await price.getAttribute('aria-describedby')}`);
    expect(await fieldMessage.textContent()).toMatch(/\S/);

    await price.fill('25.00');
    await form.getByRole('button', { name: 'Create product' }).click();
    await form.getByRole('status').filter({ hasText: 'Created Desk lamp.' }).waitFor();
    await product(page, 'Desk lamp').first().waitFor();
    expect(await page.locator('#problem').textContent()).toBe('');
    expect(errors).toEqual([]);
  });

  it('lets a shopper on a phone order, see CONFIRMED and REJECTED arrive, cancel, and read the notifications', async () => {
    const { page: admin } = await openApp();
    await signIn(admin, unique('admin'), true);
    const name = unique('Lamp');
    const form = admin.getByRole('region', { name: 'New product' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Price (USD)').fill('12.50');
    await form.getByLabel('Stock').fill('3');
    await form.getByRole('button', { name: 'Create product' }).click();
    await form.getByRole('status').filter({ hasText: `Created ${name}.` }).waitFor();

    const { page, errors } = await openApp({ viewport: { width: 375, height: 740 } });
    // Signed in with the keyboard alone.
    await page.getByLabel('Name').focus();
    await page.keyboard.type(unique('shopper'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    expect(await page.getByRole('region', { name: 'New product' }).count()).toBe(0);
    // Nothing wider than a phone's screen: no sideways scrolling.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    const lamp = product(page, name);
    await lamp.getByText('3 in stock').waitFor();
    await lamp.getByLabel('Quantity').fill('2');
    await lamp.getByRole('button', { name: 'Order' }).click();
    await order(page, 'CONFIRMED').waitFor({ timeout: SETTLES_MS });
    await lamp.getByText('1 in stock').waitFor();

    await lamp.getByLabel('Quantity').fill('5');
    await lamp.getByRole('button', { name: 'Order' }).click();
    const rejected = order(page, 'REJECTED');
    await rejected.waitFor({ timeout: SETTLES_MS });
    expect(await rejected.locator('.order-reason').textContent()).toMatch(/^Reason: \S/);

    await order(page, 'CONFIRMED').getByRole('button', { name: /Cancel/ }).click();
    await order(page, 'CANCELLED').waitFor();
    await lamp.getByText('3 in stock').waitFor({ timeout: SETTLES_MS });

    const notifications = page.getByRole('region', { name: 'Notifications' });
    for (const type of ['UserSignedUp', 'OrderConfirmed', 'OrderRejected', 'OrderCancelled']) {
      await notifications.locator(`li.notification[data-type="${type}"]`).waitFor({ timeout: SETTLES_MS });
    }
    expect(errors).toEqual([]);

    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  /**
   * Live events with the socket played by the browser itself (Playwright's routeWebSocket), so that
   * this needs no server side: config.json names the socket, pings are answered, and the test pushes.
   */
  const withMockedLive = (sockets: WebSocketRoute[]) => async (page: Page): Promise<void> => {
    await page.route('**/app/config.json', async (route) => {
      const response = await route.fetch();
      const config = (await response.json()) as { apiUrl: string };
      await route.fulfill({ response, json: { ...config, liveUrl: `${config.apiUrl.replace(/^http/, 'ws')}/v1/live` } });
    });
    await page.routeWebSocket(/\/v1\/live\?/, (socket) => {
      sockets.push(socket);
      // Once the test has dropped the first socket, every other is closed at once: live events stay down.
      if (sockets.length > 1) return void socket.close({ code: 1011 });
      socket.onMessage((message) => {
        if ((JSON.parse(String(message)) as { action?: string }).action === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      });
    });
  };

  it('applies pushed decisions and notifications in place without polling while live, and polls again when the socket drops', async () => {
    const api = new ApiClient(sharedLocalRuntime().url);
    const name = unique('Kettle');
    const created = await api.post<{ id: string }>('/v1/products', { token: await api.token(unique('admin'), ['admin']), body: { name, priceCents: 3_000, stock: 5 } });
    expect(created.status).toBe(201);
    const sockets: WebSocketRoute[] = [];
    const { page, errors } = await openApp({ prepare: withMockedLive(sockets) });
    const orderReads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && /\/v1\/orders\/[^/]+$/.test(new URL(request.url()).pathname)) orderReads.push(request.url());
    });
    const shopper = unique('shopper');
    await signIn(page, shopper, false);
    const liveStatus = page.getByRole('status').filter({ hasText: /^Live updates/ });
    await liveStatus.filter({ hasText: 'Live updates: on' }).waitFor();

    const kettle = product(page, name);
    await kettle.getByLabel('Quantity').fill('1');
    await kettle.getByRole('button', { name: 'Order' }).click();
    const orderId = (await order(page, 'PENDING').getAttribute('data-order-id'))!;
    const token = await api.token(shopper);
    await eventually(() => api.get<{ status: string }>(`/v1/orders/${orderId}`, { token }), ({ body }) => body.status === 'CONFIRMED', { timeoutMs: SETTLES_MS, what: 'the API to confirm the order' });
    // Decided in the API, still PENDING on the page: nothing polled for it while the socket was open.
    expect(await page.locator(`li.order[data-order-id="${orderId}"]`).getAttribute('data-status')).toBe('PENDING');
    expect(orderReads).toEqual([]);

    const at = new Date().toISOString();
    sockets[0]!.send(JSON.stringify({ type: 'OrderConfirmed', id: unique('evt'), occurredAt: at, correlationId: unique('corr'), subject: orderId, data: { orderId, userId: shopper } }));
    await page.locator(`li.order[data-order-id="${orderId}"][data-status="CONFIRMED"]`).waitFor();
    const notificationId = unique('evt');
    sockets[0]!.send(
      JSON.stringify({ type: 'NotificationCreated', id: unique('evt'), occurredAt: at, correlationId: unique('corr'), subject: shopper, data: { id: notificationId, type: 'OrderConfirmed', message: 'Pushed to you', createdAt: at } }),
    );
    await page.locator(`li.notification[data-id="${notificationId}"]`).waitFor();
    expect(await page.locator('li.notification').first().getAttribute('data-id')).toBe(notificationId);

    await kettle.getByLabel('Quantity').fill('2');
    await kettle.getByRole('button', { name: 'Order' }).click();
    const second = page.locator('li.order[data-status="PENDING"]');
    await second.waitFor();
    await sockets[0]!.close({ code: 1011 });
    await liveStatus.filter({ hasText: 'Live updates: off, checking every few seconds' }).waitFor();
    await second.waitFor({ state: 'detached', timeout: SETTLES_MS });
    expect(orderReads.length).toBeGreaterThan(0);
    expect(await order(page, 'CONFIRMED').count()).toBe(2);
    expect(errors).toEqual([]);
  });
  it('shows CONFIRMED and its notification as the local runtime pushes them, with polling turned off', async () => {
    const api = new ApiClient(sharedLocalRuntime().url);
    const name = unique('Mug');
    const created = await api.post('/v1/products', { token: await api.token(unique('admin'), ['admin']), body: { name, priceCents: 900, stock: 5 } });
    expect(created.status).toBe(201);
    const { page, errors } = await openApp({ search: '?poll=off' });
    await signIn(page, unique('shopper'), false);
    await page.getByRole('status').filter({ hasText: 'Live updates: on' }).waitFor({ timeout: SETTLES_MS });
    const reads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && /\/v1\/(orders\/[^/]+|users\/[^/]+\/(orders|notifications))$/.test(new URL(request.url()).pathname)) reads.push(request.url());
    });

    const mug = product(page, name);
    await mug.getByLabel('Quantity').fill('1');
    await mug.getByRole('button', { name: 'Order' }).click();
    await order(page, 'CONFIRMED').waitFor({ timeout: SETTLES_MS });
    await page.getByRole('region', { name: 'Notifications' }).locator('li.notification[data-type="OrderConfirmed"]').waitFor({ timeout: SETTLES_MS });

    // Nothing was polled or read again after the order was placed: both arrived over the socket.
    expect(reads).toEqual([]);
    expect(errors).toEqual([]);
  });
});
