/** Writes docs/asyncapi.json from the declaration (lib/app.ts). `npm run asyncapi`; a test fails when it is stale. */
import { ASYNCAPI_FILE, asyncApiDocument, serializeAsyncApi } from '../lib/asyncapi';
import { writeIfChanged } from './write-if-changed';

writeIfChanged(ASYNCAPI_FILE, serializeAsyncApi(asyncApiDocument()));
