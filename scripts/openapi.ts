/** Writes docs/openapi.json from the declaration (lib/app.ts). `npm run openapi`; a test fails when it is stale. */
import { OPENAPI_FILE, openApiDocument, serializeOpenApi } from '../lib/openapi';
import { writeIfChanged } from './write-if-changed';

writeIfChanged(OPENAPI_FILE, serializeOpenApi(openApiDocument()));
