/**
 * Which items in-flight TransactWriteItems requests hold, as DynamoDB tracks them to cancel
 * conflicting requests (conflict-proxy.ts says which of DynamoDB's documented cases are emulated).
 * An item is named by its table and its key attributes, whatever operation names it.
 */

/** A DynamoDB JSON attribute value (`{"S":"..."}`), as the low-level API sends it. */
type AttributeValue = Readonly<Record<string, unknown>>;
type AttributeMap = Readonly<Record<string, AttributeValue>>;

/** The names of a table's key attributes (partition key, and sort key if any); undefined if there is no such table. */
export type KeySchemaOf = (table: string) => Promise<readonly string[] | undefined>;

/** One item's identity: the table and its key, attribute order aside. */
const itemId = (table: string, key: AttributeMap): string =>
  `${table}\u0000${JSON.stringify(Object.keys(key).sort().map((name) => [name, key[name]]))}`;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The key part of a Put's item, by the table's key schema; undefined when the item lacks a key attribute. */
const keyOfItem = (item: AttributeMap, keyAttributes: readonly string[]): AttributeMap | undefined => {
  const key: Record<string, AttributeValue> = {};
  for (const name of keyAttributes) {
    const value = item[name];
    if (!isObject(value)) return undefined;
    key[name] = value;
  }
  return key;
};

/** The item one write action (Put with an Item; Update, Delete, ConditionCheck with a Key) targets. */
const actionItemId = async (action: unknown, keySchemaOf: KeySchemaOf, itemField: 'Item' | 'Key'): Promise<string | undefined> => {
  if (!isObject(action) || typeof action.TableName !== 'string') return undefined;
  if (itemField === 'Key') return isObject(action.Key) ? itemId(action.TableName, action.Key as AttributeMap) : undefined;
  if (!isObject(action.Item)) return undefined;
  const keyAttributes = await keySchemaOf(action.TableName);
  const key = keyAttributes && keyOfItem(action.Item as AttributeMap, keyAttributes);
  return key && itemId(action.TableName, key);
};

/**
 * The items of a TransactWriteItems request, in the order of its TransactItems (so a conflict can
 * be reported at its index); undefined when the request is malformed, which DynamoDB Local then
 * refuses with its own validation error.
 */
export const transactionItemIds = async (body: unknown, keySchemaOf: KeySchemaOf): Promise<string[] | undefined> => {
  if (!isObject(body) || !Array.isArray(body.TransactItems)) return undefined;
  const ids: string[] = [];
  for (const entry of body.TransactItems as unknown[]) {
    if (!isObject(entry)) return undefined;
    const id = entry.Put
      ? await actionItemId(entry.Put, keySchemaOf, 'Item')
      : await actionItemId(entry.Update ?? entry.Delete ?? entry.ConditionCheck, keySchemaOf, 'Key');
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return ids;
};

/** The item a PutItem (its Item), UpdateItem or DeleteItem (its Key) writes; undefined when malformed. */
export const singleWriteItemId = (operation: 'PutItem' | 'UpdateItem' | 'DeleteItem', body: unknown, keySchemaOf: KeySchemaOf): Promise<string | undefined> =>
  actionItemId(body, keySchemaOf, operation === 'PutItem' ? 'Item' : 'Key');

export type HoldAttempt =
  | { readonly kind: 'held'; release(): void }
  /** Another in-flight transaction holds some items: `conflicting[i]` for the i-th item. Nothing is held. */
  | { readonly kind: 'conflict'; readonly conflicting: readonly boolean[] }
  /** A transaction with the same ClientRequestToken is still in flight. */
  | { readonly kind: 'in-progress' };

export class TransactionHolds {
  private readonly held = new Set<string>();
  private readonly tokens = new Set<string>();

  /** Whether an in-flight transaction holds the item. */
  holds(id: string): boolean {
    return this.held.has(id);
  }

  /**
   * Takes every item for a transaction, or none if one is already held. `release` (once the
   * transaction has finished) gives them back; calling it again does nothing.
   */
  tryHold(ids: readonly string[], clientRequestToken?: string): HoldAttempt {
    if (clientRequestToken !== undefined && this.tokens.has(clientRequestToken)) return { kind: 'in-progress' };
    const conflicting = ids.map((id) => this.held.has(id));
    if (conflicting.some(Boolean)) return { kind: 'conflict', conflicting };
    for (const id of ids) this.held.add(id);
    if (clientRequestToken !== undefined) this.tokens.add(clientRequestToken);
    let released = false;
    return {
      kind: 'held',
      release: () => {
        if (released) return;
        released = true;
        for (const id of ids) this.held.delete(id);
        if (clientRequestToken !== undefined) this.tokens.delete(clientRequestToken);
      },
    };
  }
}
