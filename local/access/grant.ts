/**
 * What a function may do, resolved to physical names: the same grant the stack gives its role in
 * AWS (per table, the declared operations; the topic when it publishes), here for the local guard
 * and the unit-test helper to check calls against.
 */
import type { TableOperation } from '../../lambdas/shared/contract';

;

export interface FunctionGrant {
  /** The function's name: the role session the access-denied message names. */
  readonly functionName: string;
  /** By physical table name, the operations allowed on the table (and on its indexes). */
  readonly tables: ReadonlyMap<string, readonly TableOperation[]>;
  /** Topics the function may publish to (`sns:Publish`). */
  readonly topicArns: readonly string[];
}

/** Per table owner (a service), the operations a function declares. */
export type DeclaredTableAccess<S extends string> = Readonly<Partial<Record<S, readonly TableOperation[]>>>;

/**
 * A function's grant from its declared access and the physical names of the tables it names.
 * Throws when a declared table has no name: the function could not even find its table.
 */
export const grantOf = <S extends string>(
  functionName: string,
  access: DeclaredTableAccess<S>,
  tableNames: Readonly<Partial<Record<S, string>>>,
  topicArns: readonly string[] = [],
): FunctionGrant => {
  const tables = new Map<string, readonly TableOperation[]>();
  for (const [owner, operations] of Object.entries(access) as [S, readonly TableOperation[] | undefined][]) {
    if (!operations || operations.length === 0) continue;
    const table = tableNames[owner];
    if (!table) throw new Error(`${functionName} declares access to the ${owner} table, but no name is given for that table`);
    tables.set(table, [...(tables.get(table) ?? []), ...operations]);
  }
  return { functionName, tables, topicArns: [...topicArns] };
};

/**
 * A function's grant from its identity (lib/environment.ts) and the application's resource
 * names, as the stack grants it: the declared tables, and the topic if it publishes.
 */
export const identityGrant = <S extends string>(
  functionName: string,
  identity: { readonly access: DeclaredTableAccess<S>; readonly publishesToTopic?: boolean },
  names: { readonly tables: Readonly<Partial<Record<S, string>>>; readonly topicArn: string },
): FunctionGrant => grantOf(functionName, identity.access, names.tables, identity.publishesToTopic ? [names.topicArn] : []);
