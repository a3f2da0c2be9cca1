/**
 * The API as an OpenAPI 3.1 document, generated from the declaration (lib/app.ts): its routes,
 * their zod request and response schemas (named with `component`) and the problem schema. Pure: the same
 * declaration gives the same document, byte for byte. `npm run openapi` writes it to
 * docs/openapi.json, which `GET /v1/openapi.json` serves; a test fails when the file is stale.
 */
import { z } from 'zod';
import packageJson from '../package.json' with { type: 'json' };
import { app } from './app';
import { stages } from './config';
import { fullPath, requiresApiKey, type ApplicationDeclaration, type RouteDeclaration } from './declaration';
import { PATH_PARAMETER_MAX_LENGTH, PATH_PARAMETER_PATTERN } from '../lambdas/shared/http/path-parameter';
import type { RequestHeader, ResponseHeader } from '../lambdas/shared/contract';
import { problemResponse } from './openapi-responses';
import { PROBLEM_CATALOGUE, problemType, type ProblemSlug, type ProblemTypeEntry } from '../lambdas/shared/http/problem-catalogue';

/** Where the generated document is committed, from the repository root. */
export const OPENAPI_FILE = 'docs/openapi.json';

type Json = Record<string, unknown>;

const COMPONENT_REF = '#/components/schemas/';
const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: `${COMPONENT_REF}Problem` } } };

/** One reusable response per problem status; its description lists the catalogue's types of that status. */
const PROBLEM_RESPONSE_NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  412: 'PreconditionFailed',
  413: 'ContentTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Unprocessable',
  428: 'PreconditionRequired',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  504: 'GatewayTimeout',
};

/** The types of one status that a route can meet (the local runtime's own are not the API's). */
const problemTypesOf = (status: number): ProblemSlug[] =>
  (Object.keys(PROBLEM_CATALOGUE) as ProblemSlug[]).filter((slug) => {
    const entry: ProblemTypeEntry = PROBLEM_CATALOGUE[slug];
    return entry.status === status && entry.sentBy.some((sender) => sender !== 'local runtime');
  });

const problemResponseObject = (status: number): Json => ({
  description: problemTypesOf(status)
    .map((slug) => `\`${problemType(slug)}\`: ${PROBLEM_CATALOGUE[slug].when}`)
    .join('; '),
  ...(status === 429 ? { headers: { 'Retry-After': RETRY_AFTER_HEADER } } : {}),
  content: PROBLEM_CONTENT,
});

const RETRY_AFTER_HEADER = {
  description: 'Seconds to wait before retrying',
  required: true,
  schema: { type: 'integer', minimum: 0 },
};

/** Request headers routes may declare in `headers`, described once. */
const REQUEST_HEADERS: Record<RequestHeader, { required: boolean; description: string; schema: Json }> = {
  'If-Match': {
    required: true,
    description: 'The ETag of the version being changed, from the last read (`"3"`); missing is 428, stale is 412',
    schema: { type: 'string' },
  },
  'Idempotency-Key': {
    required: false,
    description:
      'Makes a retry safe: the same key and body return the first response and change nothing; scoped to the caller, kept 24 hours',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
};

const RESPONSE_HEADERS: Record<ResponseHeader, { description: string }> = {
  ETag: { description: 'The entity’s version, for If-Match' },
  Location: { description: 'The URL of the created resource' },
  'Cache-Control': { description: 'How long the response may be reused' },
};

const CORRELATION_PARAMETER = {
  name: 'x-correlation-id',
  in: 'header',
  required: false,
  description: 'Ties the request to its logs and to the events it causes; the request id is used when absent or malformed',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
};

const CORRELATION_RESPONSE_HEADER = {
  description: 'The correlation id in force (the client’s, else the request id): quote it when reporting a problem',
  schema: { type: 'string' },
};

/**
 * The problem statuses a route can answer with: those its shape implies, plus its own `problems`.
 * Every route can fail (500, or 502 and 504 at the gateway) and be throttled (429); a token can be missing (401); any input can
 * be refused (400, if only an unknown query parameter); a body can be too large or not JSON (413, 415); an id in the path may name
 * nothing the caller may see (404); If-Match can be missing or stale (428, 412); an
 * Idempotency-Key can be reused with another body or still in flight (422, 409).
 */
const problemStatuses = (route: RouteDeclaration): number[] => {
  // 502 and 504: the gateway's, when the function fails or does not answer in time.
  const statuses = new Set<number>([429, 500, 502, 504, ...(route.problems ?? [])]);
  const headers = route.headers ?? [];
  const hasPathParameters = pathParameterNames(route.path).length > 0;
  if (route.auth === 'user') statuses.add(401);
  if (requiresApiKey(route)) statuses.add(403);
  // Any route refuses an unknown query parameter, and a body where it takes none.
  statuses.add(400);
  if (route.body) [413, 415].forEach((status) => statuses.add(status));
  if (hasPathParameters) statuses.add(404);
  if (headers.includes('If-Match')) [412, 428].forEach((status) => statuses.add(status));
  if (headers.includes('Idempotency-Key')) [409, 422].forEach((status) => statuses.add(status));
  return [...statuses].sort((a, b) => a - b);
};

const pathParameterNames = (path: string): string[] => [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]!);

/** A request schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as a client must send it. */
const requestSchema = (schema: z.core.$ZodType): Json => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Json;
  return json;
};

/**
 * The named schemas: every schema given an id with `component` (the routes' responses and what
 * they nest, and the problem schema), whichever module declared it.
 */
const componentRegistry = (routes: readonly RouteDeclaration[]) => {
  const registry = z.registry<{ id: string; description?: string }>();
  const add = (schema: z.core.$ZodType): void => {
    const meta = z.globalRegistry.get(schema);
    if (typeof meta?.id === 'string' && !registry.has(schema)) registry.add(schema, { ...meta, id: meta.id });
  };
  [problemResponse, ...routes.map((route) => route.response)].forEach(add);
  // Schemas nested in a response (an order's items) are named too; zod keeps them by id.
  for (const schema of z.globalRegistry._idmap.values()) add(schema);
  return registry;
};

/**
 * The component schemas. Response objects are closed (`additionalProperties: false`): the
 * document is what the fuzz suite and clients hold the API to, so a field it does not describe is
 * a defect to be caught, not a silent addition. Patterns that only restate a `format` go.
 */
const componentSchemaObjects = (routes: readonly RouteDeclaration[]): Record<string, Json> => {
  const { schemas } = z.toJSONSchema(componentRegistry(routes), {
    target: 'draft-2020-12',
    uri: (id) => `${COMPONENT_REF}${id}`,
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'date-time' || jsonSchema.format === 'email') delete jsonSchema.pattern;
      // Integers are far below 2^53 here; zod's safe-integer bounds are noise in a reference.
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    },
  });
  // `$id` would be a fragment-only URI, which JSON Schema forbids; the component's name is its identity.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema as Json]),
  );
};

/** A route's request body schema is named after its operation: `createUser` -> `CreateUserRequest`. */
const requestBodyName = (route: RouteDeclaration): string => `${route.id[0]!.toUpperCase()}${route.id.slice(1)}Request`;

const requestBodySchemas = (routes: readonly RouteDeclaration[]): Record<string, Json> =>
  Object.fromEntries(routes.flatMap((route) => (route.body ? [[requestBodyName(route), requestSchema(route.body)]] : [])));

const responseSchemaRef = (route: RouteDeclaration): Json => {
  const id = z.globalRegistry.get(route.response)?.id;
  if (!id) throw new Error(`Route ${route.id} declares a response schema without a name: wrap it in component() (lambdas/shared/responses.ts)`);
  return { $ref: `${COMPONENT_REF}${id}` };
};

/** `/users/{id}/orders` and `id` give "The user's id": the segment before a parameter names what it identifies. */
const pathParameterDescription = (path: string, name: string): string => {
  const segments = path.split('/');
  const owner = segments[segments.indexOf(`{${name}}`) - 1]?.replace(/s$/, '');
  if (!owner) throw new Error(`Cannot describe path parameter {${name}} of ${path}: no segment names what it identifies`);
  return `The ${owner}'s ${name}`;
};

/** What each query parameter of a list route means; a route's query parameter missing here fails the document. */
const QUERY_PARAMETER_DESCRIPTIONS: Record<string, string> = {
  limit: 'How many items a page holds at most',
  cursor: "The previous page's `nextCursor`, as given: opaque, and valid only for the same list",
};

const parametersOf = (route: RouteDeclaration): Json[] => {
  const declared = route.params ? ((requestSchema(route.params).properties ?? {}) as Record<string, Json>) : {};
  const path = pathParameterNames(route.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    description: pathParameterDescription(route.path, name),
    schema: declared[name] ?? { type: 'string', minLength: 1, maxLength: PATH_PARAMETER_MAX_LENGTH, pattern: PATH_PARAMETER_PATTERN.source },
  }));
  const query = route.query ? queryParameters(route.query) : [];
  const headers = (route.headers ?? []).map((name) => ({ name, in: 'header', ...REQUEST_HEADERS[name] }));
  return [...path, ...query, ...headers, CORRELATION_PARAMETER];
};

const queryParameters = (schema: z.core.$ZodType): Json[] => {
  const json = requestSchema(schema);
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties as Record<string, Json> | undefined) ?? {}).map(([name, property]) => {
    const description = QUERY_PARAMETER_DESCRIPTIONS[name];
    if (!description) throw new Error(`Query parameter ${name} has no description: add it to QUERY_PARAMETER_DESCRIPTIONS (lib/openapi.ts)`);
    return { name, in: 'query', required: required.has(name), description, schema: property };
  });
};

/** Both the token and the app's key when the route needs both (one requirement object means AND). */
const securityOf = (route: RouteDeclaration): Record<string, string[]>[] => {
  const requirement: Record<string, string[]> = {
    ...(route.auth === 'user' ? { bearerAuth: [] } : {}),
    ...(requiresApiKey(route) ? { apiKey: [] } : {}),
  };
  return Object.keys(requirement).length > 0 ? [requirement] : [];
};

const operationOf = (route: RouteDeclaration): Json => {
  const headers: Json = { 'x-correlation-id': CORRELATION_RESPONSE_HEADER };
  for (const name of route.responseHeaders ?? []) {
    headers[name] = { ...RESPONSE_HEADERS[name], schema: { type: 'string' } };
  }
  const responses: Json = {
    [String(route.successStatus)]: {
      description: route.summary,
      headers,
      content: { 'application/json': { schema: responseSchemaRef(route) } },
    },
  };
  for (const status of problemStatuses(route)) {
    const name = PROBLEM_RESPONSE_NAMES[status];
    if (!name || problemTypesOf(status).length === 0) {
      throw new Error(`Route ${route.id} returns ${status}: catalogue its problem type and name its response in PROBLEM_RESPONSE_NAMES (lib/openapi.ts)`);
    }
    responses[String(status)] = { $ref: `#/components/responses/${name}` };
  }
  return {
    operationId: route.id,
    summary: route.summary,
    description: `Who may call: ${route.callers}.`,
    tags: [route.version],
    security: securityOf(route),
    parameters: parametersOf(route),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `${COMPONENT_REF}${requestBodyName(route)}` } } } } }
      : {}),
    responses,
  };
};

const pathsOf = (routes: readonly RouteDeclaration[]): Json => {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = fullPath(route);
    const item = (paths[path] ??= {});
    const method = route.method.toLowerCase();
    if (item[method]) throw new Error(`Two routes declare ${route.method} ${path}`);
    item[method] = operationOf(route);
  }
  return paths;
};

/** The OpenAPI 3.1 document of a declaration (by default the application's). */
export const openApiDocument = (declaration: ApplicationDeclaration = app): Json => {
  const versions = [...new Set(declaration.routes.map((route) => route.version))].sort();
  return {
    openapi: '3.1.1',
    info: {
      title: declaration.name,
      version: packageJson.version,
      description:
        'Generated from lib/app.ts by `npm run openapi`; do not edit. Errors are RFC 9457 problem details. ' +
        'Most routes need both a Cognito bearer token (`Authorization`) and the calling app’s API key (`x-api-key`).',
      // A private package: the document is for the API's own clients, under its owners' terms.
      // (SPDX allows `LicenseRef-` for a license of one's own.)
      license: { name: 'Proprietary: for the clients of this API only', identifier: 'LicenseRef-Proprietary' },
      contact: { name: 'The API team: see the README for how to reach it' },
    },
    // One per deployed stage (its URL is the stack output `ApiUrl`; the API id is only known once
    // deployed, hence a variable) and the local runtime.
    servers: [
      ...Object.keys(stages).map((stage) => ({
        url: `https://{apiId}.execute-api.{region}.amazonaws.com/${stage}`,
        description: `The ${stage} stage (\`npx cdk deploy --all -c stage=${stage}\` prints the URL)`,
        variables: {
          apiId: { default: 'your-api-id', description: 'The REST API id, from the stack outputs' },
          region: { default: 'eu-west-1', description: 'The AWS region it is deployed to' },
        },
      })),
      { url: 'http://127.0.0.1:3000', description: 'The local runtime (`npm start`)' },
    ],
    tags: versions.map((version) => ({ name: version, description: `Routes under /${version}` })),
    paths: pathsOf(declaration.routes),
    components: {
      schemas: { ...componentSchemaObjects(declaration.routes), ...requestBodySchemas(declaration.routes) },
      responses: Object.fromEntries(Object.entries(PROBLEM_RESPONSE_NAMES).map(([status, name]) => [name, problemResponseObject(Number(status))])),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito ID token of the user pool; locally one from `POST /_local/token`',
        },
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'The calling client app’s key (web, mobile, desktop, tv): its usage plan sets its throttle and daily quota',
        },
      },
    },
  };
};

/** The document as committed: two-space JSON with a final newline, so diffs stay readable. */
export const serializeOpenApi = (document: Json): string => `${JSON.stringify(document, null, 2)}\n`;
