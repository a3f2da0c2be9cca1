/**
 * The client's types, generated from the API's documents (docs/openapi.json and docs/asyncapi.json,
 * themselves generated from lib/app.ts): `npm run openapi` writes them, and a test fails when they are stale.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

type OpenApiInput = Parameters<typeof openapiTS>[0];

const documentAt = (relativePath: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../../${relativePath}`, import.meta.url)), 'utf8'));

const headerOf = (source: string): string => `/**\n * Generated from ${source} by openapi-typescript (\`npm run openapi\`): do not edit.\n */\n\n`;

// immutable: what the API returns is data to read, never to mutate in place.
const typesOf = async (document: OpenApiInput): Promise<string> => astToString(await openapiTS(document, { immutable: true, silent: true }));

/** A generated module: where it is checked in (so that consumers need no generation step), and its text as of now. */
export interface GeneratedTypes {
  readonly file: string;
  generate(): Promise<string>;
}

export const OPENAPI_TYPES: GeneratedTypes = {
  file: fileURLToPath(new URL('../src/generated/openapi.ts', import.meta.url)),
  generate: async () => headerOf('docs/openapi.json') + (await typesOf(documentAt('docs/openapi.json') as OpenApiInput)),
};

/**
 * The domain events' payloads (envelope and data), one schema per AsyncAPI message. openapi-typescript
 * reads OpenAPI, not AsyncAPI, so the payloads (JSON Schema, as in OpenAPI 3.1) are handed to it as
 * the components of an otherwise empty OpenAPI document: `components['schemas']['OrderConfirmed']`.
 */
export const EVENT_TYPES: GeneratedTypes = {
  file: fileURLToPath(new URL('../src/generated/events.ts', import.meta.url)),
  generate: async () => {
    const asyncapi = documentAt('docs/asyncapi.json') as { components: { messages: Record<string, { payload: unknown }> } };
    const schemas = Object.fromEntries(Object.entries(asyncapi.components.messages).map(([name, message]) => [name, message.payload]));
    const document = { openapi: '3.1.0', info: { title: 'Domain events', version: '0' }, paths: {}, components: { schemas } };
    return headerOf('docs/asyncapi.json') + (await typesOf(document as OpenApiInput));
  },
};

export const GENERATED_TYPES: readonly GeneratedTypes[] = [OPENAPI_TYPES, EVENT_TYPES];
