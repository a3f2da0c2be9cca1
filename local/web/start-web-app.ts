import type { RuntimeLog } from '../log';
import { ensureWebAppBuilt, watchWebApp, type WebAppWatcher } from './web-build';

/**
 * `npm start` builds the web app if its build is missing or stale; `npm run dev` keeps rebuilding
 * it. A failed build does not stop the API: /app/ answers 503 until a build succeeds.
 */
export const startWebApp = async (watch: boolean, log: RuntimeLog): Promise<WebAppWatcher | undefined> => {
  try {
    if (watch) {
      return await watchWebApp(
        () => log.info('Web app rebuilt (clients/web/dist): reload the page.'),
        (message) => log.warn(`The web app's build failed: ${message}`),
      );
    }
    if ((await ensureWebAppBuilt()) === 'built') log.info('Web app built (clients/web/dist).');
  } catch (error) {
    log.warn(`The web app could not be built: ${(error as Error).message}. The API works; /app/ answers 503 until a build succeeds.`);
  }
  return undefined;
};
