import type { StageConfig } from '../../lib/config';

/**
 * The stage's browser origins plus the local web app's own (http://127.0.0.1:<port> and
 * http://localhost:<port>), for the local gateway's CORS and the functions' CORS_ALLOW_ORIGINS.
 * The app calls the API on the origin it was loaded from, so same-origin requests need none of
 * this; a page opened on one loopback name calling the other, or a tool on another port, does.
 * Appended, not prepended: gateway errors keep carrying the stage's first origin, as in AWS.
 */
export const withLocalWebOrigins = (config: StageConfig, port: number): StageConfig => ({
  ...config,
  corsAllowOrigins: [...new Set([...config.corsAllowOrigins, `http://127.0.0.1:${port}`, `http://localhost:${port}`])],
});
