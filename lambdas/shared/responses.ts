/**
 * Building blocks of the response schemas that contracts declare. A schema given an id with
 * `component` becomes a named schema of the OpenAPI document (`#/components/schemas/<id>`).
 */
import * as z from 'zod/mini';

/** Names a response schema for the OpenAPI document, with what it is. */
export const component = <S extends z.ZodMiniType>(id: string, description: string, schema: S): S =>
  schema.check(z.meta({ id, description })) as S;

export const described = <S extends z.ZodMiniType>(description: string, schema: S): S => schema.check(z.describe(description)) as S;

export const timestamp = described('ISO 8601, UTC', z.iso.datetime());
export const ulid = described('A ULID: sorts by creation time', z.string());
export const version = described(
  'Starts at 1 and grows by one on every write; the ETag is its quoted value',
  z.int().check(z.minimum(1)),
);

/** One page of a list: the items and the cursor of the next page. */
export const pageOf = <T extends z.ZodMiniType>(id: string, item: T) =>
  component(
    id,
    'One page of a list, in the list’s order',
    z.object({
      items: z.array(item),
      nextCursor: described('Pass as `cursor` for the next page; null on the last page', z.nullable(z.string())),
    }),
  );
