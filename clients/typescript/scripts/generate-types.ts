/**
 * The client's types, generated from the API's OpenAPI document (docs/openapi.json, itself
 * generated from lib/app.ts): `npm run openapi` writes them, and a test fails when they are stale.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const OPENAPI_DOCUMENT = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));

/** Where the generated types live, checked in so that consumers need no generation step. */
export const GENERATED_TYPES_FILE = fileURLToPath(new URL('../src/generated/openapi.ts', import.meta.url));

const HEADER = '/**\n * Generated from docs/openapi.json by openapi-typescript (`npm run openapi`): do not edit.\n */\n\n';

/** The generated module's text for the document as it is now. */
export const generateTypes = async (): Promise<string> => {
  const document: unknown = JSON.parse(readFileSync(OPENAPI_DOCUMENT, 'utf8'));
  // immutable: what the API returns is data to read, never to mutate in place.
  const nodes = await openapiTS(document as Parameters<typeof openapiTS>[0], { immutable: true, silent: true });
  return HEADER + astToString(nodes);
};
