/**
 * The web app's security headers, declared once: the web stack's CloudFront response headers
 * policy sends them in AWS, and the local runtime sends the same on /app/, so a change that
 * breaks the app under its content security policy breaks it in the browser tests first.
 */

/** Where the app may connect besides its own origin: the API and, on a deployed stage, Cognito. */
export interface WebAppOrigins {
  /** Origins (scheme://host[:port]) the app calls with fetch. */
  readonly connect: readonly string[];
}

/**
 * The content security policy: scripts, styles and images from the app's own origin only (Vite
 * emits no inline script or style), no frames, no plugins, forms posting nowhere else.
 */
export const contentSecurityPolicy = (origins: WebAppOrigins): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${["'self'", ...origins.connect].join(' ')}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

/**
 * The headers besides the CSP. No Referer at all: the sign-in callback URL carries the
 * authorization code until the app replaces it.
 */
export const WEB_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

/** Hashed assets never change under their name; index.html and config.json are checked on every load. */
export const WEB_CACHE_CONTROL = {
  immutable: 'public, max-age=31536000, immutable',
  revalidate: 'no-cache',
} as const;
