// The floor of the cold-start benchmark: a handler with no dependencies, started the same way as
// the bundles. Every function is reported as milliseconds above it.
export const handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ok: true, path: event?.path ?? null }),
});
