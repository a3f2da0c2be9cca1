import './validation-messages';

/**
 * A request or event schema, built where it is declared: `/* @__PURE__ *\/ schema(() => z...)`.
 * The thunk lets one pure annotation cover the whole construction, so a bundle that does not use
 * the schema drops it (lambdas/shared/contract.ts). Importing this module also sets zod's English
 * messages, before any schema can parse: a bundle has them exactly when it has a schema.
 */
export const schema = <S>(build: () => S): S => build();
