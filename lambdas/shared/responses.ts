/**
 * Building blocks of the response schemas that contracts declare. A schema given an id with
 * `component` becomes a named schema of the OpenAPI document (`#/components/schemas/<id>`).
 *
 * Response schemas document the API (the OpenAPI document, each handler's reply type); no Lambda
 * reads one at run time, so the bundles leave them out: a response is built inside a `docs:`
 * label, which esbuild removes from every bundle (`dropLabels`, lib/bundling.ts). There the
 * builder returns nothing, and neither the schema nor the zod code it needs is shipped.
 */
import * as z from 'zod/mini';

/**
 * A response schema: `/* @__PURE__ *\/ documentation(() => { docs: return component(...); })`.
 * Everywhere but in a Lambda bundle it returns the schema; in a bundle, `undefined`.
 */
export const documentation = <S>(build: () => S): S => build();

/** Names a response schema for the OpenAPI document, with what it is. */
export const component = <S extends z.ZodMiniType>(id: string, description: string, schema: S): S =>
  schema.check(z.meta({ id, description })) as S;

export const described = <S extends z.ZodMiniType>(description: string, schema: S): S => schema.check(z.describe(description)) as S;

export const timestamp = /* @__PURE__ */ documentation(() => {
  docs: return described('ISO 8601, UTC', z.iso.datetime());
});
export const ulid = /* @__PURE__ */ documentation(() => {
  docs: return described('A ULID: sorts by creation time', z.string());
});
export const version = /* @__PURE__ */ documentation(() => {
  docs: return described('Starts at 1 and grows by one on every write; the ETag is its quoted value', z.int().check(z.minimum(1)));
});

/** One page of a list: the items and the cursor of the next page (annotate the call `@__PURE__` in a contract). */
export const pageOf = <T extends z.ZodMiniType>(id: string, item: T) => {
  docs: return component(
    id,
    'One page of a list, in the list’s order',
    z.object({
      items: z.array(item),
      nextCursor: described('Pass as `cursor` for the next page; null on the last page', z.nullable(z.string())),
    }),
  );
};
