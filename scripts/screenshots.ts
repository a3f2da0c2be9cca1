/**
 * `npm run screenshots`: writes the web app's main screens to docs/screenshots/ (the README shows
 * them). It builds the app if needed, starts the local runtime in memory on a free port, drives
 * Debian's chromium with playwright-core (no browser download; CHROMIUM_PATH points elsewhere)
 * through sign-in, products, orders and notifications, and stops the runtime's whole process
 * group when it is done, also when a step fails or the script is interrupted.
 *
 * The same run gives the same pictures but for times and ids: a fresh in-memory runtime, fixed
 * names, fixed viewports, no animations, and every shot taken once the screen shows what it is
 * for (waits on conditions, never on sleeps).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../lib/paths';
import { ensureWebAppBuilt } from '../local/web/web-build';
import { startLocalRuntime, type RunningRuntime } from '../test/e2e/support/local-runtime';
import { order, product, signIn } from '../test/e2e/support/web-app-page';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT_DIR = path.join(repoRoot, 'docs/screenshots');
const DESKTOP = { width: 1024, height: 720 };
const PHONE = { width: 375, height: 740 };
/** A cold function on a busy two-core machine, and the inventory's round trip. */
const SETTLES_MS = 60_000;

const PRODUCTS = [
  { name: 'Desk lamp', price: '25.00', stock: '3' },
  { name: 'Reading chair', price: '149.00', stock: '2' },
  { name: 'Tea kettle', price: '32.50', stock: '12' },
] as const;

/** Writes one shot: the viewport (`screen`), the whole page, or one section (a `region`'s name). */
const shoot = async (page: Page, name: string, what: 'screen' | 'page' | { readonly region: string }): Promise<void> => {
  const options = { path: path.join(OUT_DIR, `${name}.png`), animations: 'disabled', caret: 'hide' } as const;
  if (typeof what === 'object') await page.getByRole('region', { name: what.region, exact: true }).screenshot(options);
  else await page.screenshot({ ...options, fullPage: what === 'page' });
  console.log(`docs/screenshots/${name}.png`);
};

const openApp = async (browser: Browser, appUrl: string, viewport: { width: number; height: number }): Promise<Page> => {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-US', timezoneId: 'UTC', reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(appUrl);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  return page;
};

/** Waits for a notification: the consumers deliver them moments after the change, and a shot must not depend on when. */
const notified = (page: Page, type: string) => page.locator(`li.notification[data-type="${type}"]`).waitFor({ timeout: SETTLES_MS });

const takeScreenshots = async (browser: Browser, appUrl: string): Promise<void> => {
  const admin = await openApp(browser, appUrl, DESKTOP);
  await admin.getByLabel('Name').fill('alice');
  await admin.getByLabel(/Administrator/).check();
  // The form is short: a shorter window, rather than a picture mostly blank.
  await admin.setViewportSize({ ...DESKTOP, height: 380 });
  await shoot(admin, 'sign-in', 'screen');
  await admin.setViewportSize(DESKTOP);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.getByRole('heading', { name: 'Products' }).waitFor();

  const form = admin.getByRole('region', { name: 'New product' });
  for (const { name, price, stock } of PRODUCTS) {
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Price (USD)').fill(price);
    await form.getByLabel('Stock').fill(stock);
    await form.getByRole('button', { name: 'Create product' }).click();
    await form.getByRole('status').filter({ hasText: `Created ${name}.` }).waitFor();
    await product(admin, name).waitFor();
  }
  await notified(admin, 'UserSignedUp');
  await shoot(admin, 'products-admin', 'page');

  await form.getByLabel('Name').fill('Floor lamp');
  await form.getByLabel('Price (USD)').fill('0');
  await form.getByLabel('Stock').fill('4');
  await form.getByRole('button', { name: 'Create product' }).click();
  await admin.getByRole('alert').locator('.correlation-id').waitFor();
  await form.locator('.field-error').waitFor();
  await shoot(admin, 'validation-error', 'page');

  const shopper = await openApp(browser, appUrl, DESKTOP);
  await signIn(shopper, 'bob', false);
  const lamp = product(shopper, 'Desk lamp');
  await lamp.getByText('3 in stock').waitFor();
  await lamp.getByLabel('Quantity').fill('2');
  await lamp.getByRole('button', { name: 'Order' }).click();
  await order(shopper, 'CONFIRMED').waitFor({ timeout: SETTLES_MS });
  await lamp.getByText('1 in stock').waitFor({ timeout: SETTLES_MS });
  await notified(shopper, 'UserSignedUp');
  await notified(shopper, 'OrderConfirmed');
  await shoot(shopper, 'order-confirmed', 'page');

  const chair = product(shopper, 'Reading chair');
  await chair.getByLabel('Quantity').fill('5');
  await chair.getByRole('button', { name: 'Order' }).click();
  await order(shopper, 'REJECTED').locator('.order-reason').waitFor({ timeout: SETTLES_MS });
  await shoot(shopper, 'order-rejected', { region: 'Your orders' });

  await notified(shopper, 'OrderRejected');
  await shoot(shopper, 'notifications', { region: 'Notifications' });

  const phone = await openApp(browser, appUrl, PHONE);
  await signIn(phone, 'bob', false);
  await product(phone, 'Desk lamp').getByText('1 in stock').waitFor({ timeout: SETTLES_MS });
  await order(phone, 'REJECTED').waitFor();
  await notified(phone, 'OrderRejected');
  await shoot(phone, 'phone', 'screen');
};

const main = async (): Promise<void> => {
  console.log(`Web app: ${await ensureWebAppBuilt()}.`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  let runtime: RunningRuntime | undefined;
  let browser: Browser | undefined;
  // Ctrl-C reaches this process's group, not the runtime's own: stop it on the way out.
  const killRuntime = (): void => {
    try {
      if (runtime?.child.pid !== undefined) process.kill(-runtime.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killRuntime();
      process.exit(130);
    });
  }
  try {
    runtime = await startLocalRuntime();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    await takeScreenshots(browser, `${runtime.url}/app/`);
  } finally {
    await browser?.close();
    // SIGINT to the whole group (DynamoDB Local's JVM included); SIGKILL if it does not stop in time.
    await runtime?.interrupt().catch((error: unknown) => console.error(error));
    killRuntime();
  }
};

await main();
