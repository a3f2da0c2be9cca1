/**
 * Requests generated from an operation of the OpenAPI document: its path parameters, query,
 * headers, body and credentials, each valid (from its schema, or a fixture that exists) or
 * hostile. A request that is invalid by construction says why in `invalid`: the API must refuse
 * it with a 4xx and change nothing.
 */
import fc from 'fast-check';
import type { JsonSchema, Operation, Parameter } from './operations';
import { deeplyNested, hostileJson, hostileNumber, hostileString, valueOf } from './values';

/** What exists before the fuzzing starts, and the credentials to reach it. */
export interface Fixtures {
  readonly ownerId: string;
  readonly strangerId: string;
  readonly productId: string;
  readonly orderId: string;
  readonly tokens: { readonly owner: string; readonly admin: string; readonly stranger: string };
  readonly apiKey: string;
}

export interface FuzzRequest {
  readonly operation: string;
  readonly method: string;
  /** Percent-encoded path and query string. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Base64, so that invalid UTF-8 survives being printed as a counterexample. */
  readonly bodyBase64?: string;
  /** Why the request is invalid by construction; undefined when it may succeed. */
  readonly invalid?: string;
}

/** A part of a request, and why it makes the request invalid (if it does). */
interface Part<T> {
  readonly value: T;
  readonly invalid?: string;
}

const valid = <T>(value: T): Part<T> => ({ value });
const invalid = <T>(value: T, why: string): Part<T> => ({ value, invalid: why });

/** UTF-8 bytes percent-encoded, unreserved characters kept: any string (a lone surrogate too) can be sent. */
const percentEncode = (value: string): string =>
  [...Buffer.from(value, 'utf8')].map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** Header values a client can send at all (HTTP forbids NUL, CR and LF; fetch wants Latin-1). */
const sendableHeader = (value: string): string => value.replace(/[^\x20-\x7e\x80-\xff\t]/g, '?').trim();

const credentials = (operation: Operation, fixtures: Fixtures): fc.Arbitrary<Part<Record<string, string>>> => {
  const token: fc.Arbitrary<Part<Record<string, string>>> = operation.needsToken
    ? fc.oneof(
        { weight: 6, arbitrary: fc.constant(valid({ authorization: `Bearer ${fixtures.tokens.owner}` })) },
        { weight: 3, arbitrary: fc.constant(valid({ authorization: `Bearer ${fixtures.tokens.admin}` })) },
        { weight: 2, arbitrary: fc.constant(valid({ authorization: `Bearer ${fixtures.tokens.stranger}` })) },
        { weight: 1, arbitrary: fc.constant(invalid({}, 'no token')) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom('Bearer x.y.z', `Bearer ${fixtures.tokens.owner.slice(0, -4)}AAAA`, 'Basic YWRtaW46YWRtaW4=', fixtures.tokens.owner.split('.').slice(0, 2).join('.') + '.')
            .map((authorization) => invalid({ authorization }, 'a forged or malformed token')),
        },
      )
    : fc.constant(valid({}));
  const apiKey: fc.Arbitrary<Part<Record<string, string>>> = operation.needsApiKey
    ? fc.oneof(
        { weight: 10, arbitrary: fc.constant(valid({ 'x-api-key': fixtures.apiKey })) },
        { weight: 1, arbitrary: fc.constant(invalid({}, 'no API key')) },
        { weight: 1, arbitrary: fc.constant(invalid({ 'x-api-key': 'not-a-key' }, 'an unknown API key')) },
      )
    : fc.constant(valid({}));
  return fc.tuple(token, apiKey).map(([a, b]) => ({ value: { ...a.value, ...b.value }, invalid: a.invalid ?? b.invalid }));
};

/** An existing id where the path names one, by the segment before the parameter. */
const knownIds = (operation: Operation, fixtures: Fixtures, name: string): string[] => {
  const segments = operation.path.split('/');
  const owner = segments[segments.indexOf(`{${name}}`) - 1];
  if (owner === 'users') return [fixtures.ownerId, fixtures.strangerId];
  if (owner === 'orders') return [fixtures.orderId];
  if (owner === 'products') return [fixtures.productId];
  return [];
};

/**
 * An id that names nothing makes a request invalid where it would act on it; a list read under it
 * (an admin's look at a user with no orders yet) may answer an empty 200. An id the path's schema
 * refuses can name nothing anywhere.
 */
const pathParameter = (operation: Operation, fixtures: Fixtures, parameter: Parameter): fc.Arbitrary<Part<string>> => {
  const known = knownIds(operation, fixtures, parameter.name);
  const fitsSchema = (id: string): boolean =>
    id.length >= (parameter.schema.minLength ?? 0) && id.length <= (parameter.schema.maxLength ?? Infinity) && new RegExp(parameter.schema.pattern ?? '').test(id);
  const unknown = (id: string, why: string): Part<string> => (operation.method === 'GET' && fitsSchema(id) ? valid(id) : invalid(id, why));
  return fc.oneof(
    { weight: 6, arbitrary: known.length > 0 ? fc.constantFrom(...known).map((id) => valid(id)) : fc.constant(valid('unknown')) },
    { weight: 2, arbitrary: (valueOf(parameter.schema) as fc.Arbitrary<string>).map((id) => unknown(id, `an ${parameter.name} that names nothing`)) },
    { weight: 2, arbitrary: hostileString.map((id) => unknown(id, `a hostile ${parameter.name}`)) },
  );
};

const queryParameter = (parameter: Parameter): fc.Arbitrary<Part<string> | undefined> => {
  const validValue = valueOf(parameter.schema).map((value) => valid(String(value)));
  const hostile = fc.oneof(hostileString, hostileNumber.map(String)).map((value) => ({ value, invalid: undefined }) as Part<string>);
  return fc.option(fc.oneof({ weight: 3, arbitrary: validValue }, { weight: 2, arbitrary: hostile }), { nil: undefined, freq: 2 });
};

const query = (operation: Operation): fc.Arbitrary<Part<[string, string][]>> => {
  const declared = operation.parameters.filter((parameter) => parameter.in === 'query');
  const unknown = fc.oneof(
    { weight: 7, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('status', 'limit2', '__proto__', 'sort', 'a'.repeat(300)), hostileString)
        .map(([name, value]) => invalid([[name, value]] as [string, string][], `an unknown query parameter ${name}`)),
    },
  );
  return fc.tuple(fc.tuple(...declared.map(queryParameter)), unknown).map(([values, extra]) => {
    const pairs = declared.flatMap((parameter, index) => (values[index] ? [[parameter.name, values[index]!.value] as [string, string]] : []));
    return { value: [...pairs, ...(extra?.value ?? [])], invalid: extra?.invalid };
  });
};

const headers = (operation: Operation): fc.Arbitrary<Part<Record<string, string>>> => {
  const declared = operation.parameters.filter((parameter) => parameter.in === 'header');
  const each = declared.map((parameter): fc.Arbitrary<Part<Record<string, string>>> => {
    const name = parameter.name.toLowerCase();
    const validValue: fc.Arbitrary<string> =
      name === 'if-match' ? fc.integer({ min: 1, max: 4 }).map((version) => `"${version}"`) : (valueOf(parameter.schema) as fc.Arbitrary<string>);
    const present = fc.oneof(
      { weight: 3, arbitrary: validValue.map((value) => valid(sendableHeader(value))) },
      {
        weight: 1,
        arbitrary: hostileString.map((value) => {
          const sent = sendableHeader(value);
          // A key the API cannot take: empty, too long, or not printable ASCII.
          const badKey = name === 'idempotency-key' && !/^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/.test(sent);
          const badVersion = name === 'if-match' && !/^"\d+"$/.test(sent);
          return { value: sent, invalid: badKey ? 'an Idempotency-Key that is not one' : badVersion ? 'an If-Match that names no version' : undefined };
        }),
      },
    );
    const absent = parameter.required ? fc.constant(invalid<string | undefined>(undefined, `no ${parameter.name}`)) : fc.constant(valid<string | undefined>(undefined));
    return fc.oneof({ weight: 4, arbitrary: present }, { weight: 1, arbitrary: absent }).map((part) => ({
      value: part.value === undefined ? {} : { [name]: part.value },
      invalid: part.invalid,
    }));
  });
  return fc.tuple(...each).map((parts) => ({
    value: Object.assign({}, ...parts.map((part) => part.value)) as Record<string, string>,
    invalid: parts.find((part) => part.invalid)?.invalid,
  }));
};

interface Body {
  readonly bytes?: Buffer;
  readonly contentType?: string;
}

const json = (value: unknown, contentType = 'application/json'): Body => ({ bytes: Buffer.from(JSON.stringify(value), 'utf8'), contentType });

/** JSON types a schema's value is not: a value of one of them is refused whatever it holds. */
const wrongTypeFor = (schema: JsonSchema): fc.Arbitrary<unknown> => {
  const byType: Record<string, fc.Arbitrary<unknown>> = {
    string: hostileString,
    number: hostileNumber,
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.constant([]),
    object: fc.constant({}),
  };
  const own = schema.type === 'integer' ? ['number'] : [schema.type];
  // A fractional number is the wrong type for an integer.
  const options = Object.entries(byType)
    .filter(([type]) => !own.includes(type))
    .map(([, arbitrary]) => arbitrary);
  if (schema.type === 'integer') options.push(fc.constantFrom(0.5, 1.25, 1e-7));
  return fc.oneof(...options, deeplyNested);
};

const bodies = (operation: Operation, fixtures: Fixtures): fc.Arbitrary<Part<Body>> => {
  if (!operation.body) {
    // GET cannot carry a body over fetch; a POST that takes none must refuse one.
    if (operation.method === 'GET') return fc.constant(valid({}));
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant(valid<Body>({})) },
      { weight: 1, arbitrary: hostileJson.map((value) => invalid(json(value), 'a body where none is taken')) },
    );
  }
  const schema = operation.body;
  const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
  const required = (schema.required ?? []) as string[];
  const hints = { productId: fc.constant(fixtures.productId) };
  const base = valueOf(schema, hints) as fc.Arbitrary<Record<string, unknown>>;
  const stringFields = properties.filter(([, property]) => property.type === 'string').map(([name]) => name);

  const variants: fc.WeightedArbitrary<Part<Body>>[] = [
    { weight: 6, arbitrary: base.map((value) => valid(json(value))) },
    { weight: 1, arbitrary: base.map((value) => valid(json(value, 'application/json; charset=utf-8'))) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(base, fc.constantFrom('id', 'userId', 'version', 'isAdmin', '__proto__', 'createdAt', 'x'), hostileJson)
        .map(([value, field, extra]) => invalid(json({ ...value, [field]: extra }), `an unknown field ${field}`)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(base, fc.constantFrom(...properties.map(([name]) => name)))
        .chain(([value, field]) => wrongTypeFor(Object.fromEntries(properties)[field]!).map((wrong) => invalid(json({ ...value, [field]: wrong }), `${field} of the wrong type`))),
    },
    { weight: 2, arbitrary: hostileJson.map((value) => invalid(json(value), 'a body that is not the schema’s object')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('{', '{"name":', '{"a":1,}', "{'a':1}", 'nul', '[1,2', '\u0000', '{"a":1}{"a":2}').map((text) => invalid<Body>({ bytes: Buffer.from(text), contentType: 'application/json' }, 'malformed JSON')),
    },
    { weight: 1, arbitrary: fc.constant(invalid<Body>({ contentType: 'application/json' }, 'an empty body')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(base, fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded'))
        .map(([value, contentType]) => invalid(json(value, contentType), 'a body not sent as JSON')),
    },
  ];
  if (required.length > 0) {
    variants.push({
      weight: 2,
      arbitrary: fc.tuple(base, fc.constantFrom(...required)).map(([value, field]) => {
        const { [field]: _dropped, ...rest } = value;
        return invalid(json(rest), `no ${field}`);
      }),
    });
  }
  if (stringFields.length > 0) {
    variants.push(
      {
        weight: 2,
        arbitrary: fc
          .tuple(base, fc.constantFrom(...stringFields), fc.constantFrom('\u0000', '\u001b', '\u202e', '\u0007', '\u009b'))
          .map(([value, field, control]) => invalid(json({ ...value, [field]: `A${control}B` }), `a control character in ${field}`)),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(base, fc.constantFrom(...stringFields)).map(([value, field]) => {
          // Invalid UTF-8 (a lone continuation byte and an overlong form) inside a string.
          const text = JSON.stringify({ ...value, [field]: 'MARK' });
          const [before, after] = text.split('MARK') as [string, string];
          return invalid<Body>({ bytes: Buffer.concat([Buffer.from(`${before}A`), Buffer.from([0x80, 0xc0, 0xaf]), Buffer.from(`B${after}`)]), contentType: 'application/json' }, `invalid UTF-8 in ${field}`);
        }),
      },
      {
        weight: 1,
        arbitrary: base.map((value) => invalid(json(value, 'application/json; charset=utf-16'), 'a charset other than UTF-8')),
      },
    );
  }
  return fc.oneof(...variants);
};

/** Every request fast-check can build for one operation. */
export const requestsFor = (operation: Operation, fixtures: Fixtures): fc.Arbitrary<FuzzRequest> => {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  return fc
    .record({
      auth: credentials(operation, fixtures),
      path: fc.tuple(...pathParameters.map((parameter) => pathParameter(operation, fixtures, parameter))),
      query: query(operation),
      headers: headers(operation),
      body: bodies(operation, fixtures),
      correlationId: fc.option(fc.oneof(fc.stringMatching(/^[A-Za-z0-9._:-]{8,128}$/), hostileString.map(sendableHeader)), { nil: undefined }),
    })
    .map(({ auth, path, query: queryPart, headers: headerPart, body, correlationId }): FuzzRequest => {
      let url = operation.path;
      pathParameters.forEach((parameter, index) => {
        url = url.replace(`{${parameter.name}}`, percentEncode(path[index]!.value));
      });
      if (queryPart.value.length > 0) url += `?${queryPart.value.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')}`;
      const invalidBecause = [auth, ...path, queryPart, headerPart, body].find((part) => part.invalid)?.invalid;
      return {
        operation: operation.id,
        method: operation.method,
        url,
        headers: {
          ...auth.value,
          ...headerPart.value,
          ...(body.value.contentType ? { 'content-type': body.value.contentType } : {}),
          ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
        },
        ...(body.value.bytes ? { bodyBase64: body.value.bytes.toString('base64') } : {}),
        ...(invalidBecause ? { invalid: invalidBecause } : {}),
      };
    });
};
