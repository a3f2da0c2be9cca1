/**
 * Values for the fuzz suite: valid ones generated from a JSON schema, and the hostile ones an
 * attacker tries first (very long, empty, control characters, bidi overrides, lone surrogates,
 * huge and fractional numbers, deep nesting, unknown fields, wrong types).
 */
import fc from 'fast-check';
import type { JsonSchema } from './operations';

/** Strings no schema should let through unexamined. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    'name\u001b[31m',
    'evil\u202etxt.exe',
    '\ud800',
    '\ufeff',
    '#',
    'USER#admin',
    '../../etc/passwd',
    '%00',
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '__proto__',
    'constructor',
    '漢字テキスト',
    '👩‍👩‍👧‍👦',
    'null',
  ),
  fc.integer({ min: 129, max: 5000 }).map((length) => 'a'.repeat(length)),
  fc.integer({ min: 1, max: 3 }).map((copies) => '\u0007\u0008\t\n\r\u007f\u0085\u2028'.repeat(copies)),
  fc.string({ maxLength: 40, unit: 'binary' }),
);

/** Numbers at and past every edge: huge, negative, fractional, the end of the safe integers. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, 0.5, -0.000001, 1e21, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 4294967296),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Nesting as deep as a parser's recursion: `{"a":{"a":...}}` or `[[[...]]]`. */
export const deeplyNested: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 600 }), fc.boolean())
  .map(([depth, asArray]) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { a: value };
    return value;
  });

/** Any JSON value, the hostile ones included: for a field's wrong type, or a body that is not an object. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  deeplyNested,
);

const SAFE_EMAIL = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.stringMatching(/^[a-z]{2,10}$/), fc.constantFrom('com', 'org', 'io'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

/**
 * A value the schema accepts (the JSON Schema side of it: zod's refinements, such as a trimmed
 * name or unique product ids, may still refuse it). `hints` offers known-good strings by
 * property name, e.g. an existing product's id for `productId`.
 */
export const valueOf = (schema: JsonSchema, hints: Record<string, fc.Arbitrary<string>> = {}, name = ''): fc.Arbitrary<unknown> => {
  if (schema.anyOf) return fc.oneof(...(schema.anyOf as JsonSchema[]).map((option) => valueOf(option, hints, name)));
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, valueOf(property, hints, key)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []) as string[] });
    }
    case 'array':
      return fc.array(valueOf(schema.items as JsonSchema, hints, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000);
      return fc.integer({ min, max });
    }
    case 'boolean':
      return fc.boolean();
    case 'string': {
      const hint = hints[name];
      if (hint) return hint;
      if (schema.format === 'email') return SAFE_EMAIL;
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((value) => lengthFits(schema, value));
      const minLength = schema.minLength ?? 0;
      return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 30, 30)), unit: 'grapheme-ascii' });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
};

const lengthFits = (schema: JsonSchema, value: string): boolean =>
  value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity);
