/** Writes docs/openapi.json from the declaration (lib/app.ts). `npm run openapi`; a test fails when it is stale. */
import { readFileSync, writeFileSync } from 'node:fs';
import { OPENAPI_FILE, openApiDocument, serializeOpenApi } from '../lib/openapi';

const generated = serializeOpenApi(openApiDocument());
let committed: string | undefined;
try {
  committed = readFileSync(OPENAPI_FILE, 'utf8');
} catch {
  committed = undefined;
}
if (generated !== committed) writeFileSync(OPENAPI_FILE, generated);
console.log(generated === committed ? `${OPENAPI_FILE} is up to date` : `${OPENAPI_FILE} written`);
