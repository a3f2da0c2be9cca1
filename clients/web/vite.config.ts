import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web app is served under /app/ both locally (by the local gateway) and behind CloudFront, so
 * one build serves every stage: what differs (API URL, key, sign-in) is read at run time from
 * /app/config.json. local/web/web-build.ts builds with this file (npm start, npm run dev, the tests).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  // The repository's .env files, if any, are not the web app's.
  envDir: false,
  clearScreen: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // No inline script: the content security policy allows scripts from 'self' only.
    modulePreload: { polyfill: false },
  },
});
