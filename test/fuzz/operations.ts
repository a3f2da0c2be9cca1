/**
 * The operations the fuzz suite exercises, read from the OpenAPI document (lib/openapi.ts) rather
 * than from the declaration: the suite holds the API to what the document promises clients. Each
 * response schema is compiled once with a JSON Schema 2020-12 validator (OpenAPI 3.1's dialect).
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../lib/openapi';

export type JsonSchema = Record<string, any>;

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

interface DocumentedResponse {
  /** The media type its body has. */
  readonly mediaType: string;
  readonly validate: ValidateFunction;
  /** Headers the document says it always carries. */
  readonly requiredHeaders: readonly string[];
}

export interface Operation {
  readonly id: string;
  readonly method: string;
  /** The path template, e.g. `/v1/users/{id}`. */
  readonly path: string;
  readonly parameters: readonly Parameter[];
  /** The request body's schema, $refs resolved; undefined when the operation takes none. */
  readonly body?: JsonSchema;
  readonly needsToken: boolean;
  readonly needsApiKey: boolean;
  readonly responses: ReadonlyMap<number, DocumentedResponse>;
}

type Json = Record<string, any>;

/** The document and its validators, with every `$ref` resolvable by the validator. */
export const loadOperations = (): Operation[] => {
  const document = openApiDocument() as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: document.components }, 'openapi.json');
  const compile = (schema: Json): ValidateFunction => ajv.compile(rebase(schema));
  const resolve = (value: Json): Json => (typeof value.$ref === 'string' ? lookUp(document, value.$ref) : value);

  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json).map(([method, operation]: [string, Json]): Operation => {
      const security = (operation.security as Json[])[0] ?? {};
      const responses = new Map<number, DocumentedResponse>();
      for (const [status, declared] of Object.entries(operation.responses as Json)) {
        const response = resolve(declared);
        const [mediaType, content] = Object.entries(response.content as Json)[0]!;
        responses.set(Number(status), {
          mediaType,
          validate: compile(content.schema),
          requiredHeaders: Object.entries((response.headers ?? {}) as Json).filter(([, header]) => header.required).map(([name]) => name),
        });
      }
      const body = operation.requestBody?.content['application/json'].schema as Json | undefined;
      return {
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters as Parameter[],
        body: body ? inline(document, body) : undefined,
        needsToken: 'bearerAuth' in security,
        needsApiKey: 'apiKey' in security,
        responses,
      };
    }),
  );
};

const lookUp = (document: Json, ref: string): Json =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<Json>((node, key) => node[key], document);

/** Points local `#/components/...` refs at the document registered under `openapi.json`. */
const rebase = (schema: Json): Json => JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"openapi.json#/'));

/** The schema with its refs replaced by what they name (request bodies nest no recursion). */
const inline = (document: Json, schema: unknown): Json => {
  if (Array.isArray(schema)) return schema.map((item) => inline(document, item)) as unknown as Json;
  if (typeof schema !== 'object' || schema === null) return schema as Json;
  const node = schema as Json;
  if (typeof node.$ref === 'string') return inline(document, lookUp(document, node.$ref));
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(document, value)]));
};
