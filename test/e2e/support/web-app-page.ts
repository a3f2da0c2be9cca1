/** The web app's screens as a person uses them, for the browser test and the screenshot script alike. */
import type { Page } from 'playwright-core';

/** Signs in on the local sign-in form (a name, the Administrator box) and waits for the products. */
export const signIn = async (page: Page, name: string, admin: boolean): Promise<void> => {
  await page.getByLabel('Name').fill(name);
  if (admin) await page.getByLabel(/Administrator/).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Products' }).waitFor();
};

/** The product named `name` in the list. */
export const product = (page: Page, name: string) => page.locator('li.product', { has: page.locator('.product-name', { hasText: name }) });

/** The orders shown with `status`. */
export const order = (page: Page, status: string) => page.locator(`li.order[data-status="${status}"]`);
