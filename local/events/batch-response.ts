/**
 * Reading a partial batch response (ReportBatchItemFailures) as Lambda does: an empty or absent
 * list means every item succeeded; an identifier that is not in the batch (or an item without
 * one) makes Lambda treat the whole batch as failed.
 */
export type BatchOutcome = { readonly kind: 'success' } | { readonly kind: 'partial'; readonly failed: ReadonlySet<string> } | { readonly kind: 'failed' };

export const readBatchResponse = (value: unknown, identifiers: readonly string[]): BatchOutcome => {
  const failures = typeof value === 'object' && value !== null ? (value as { batchItemFailures?: unknown }).batchItemFailures : undefined;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'failed' };
  if (failures.length === 0) return { kind: 'success' };
  const known = new Set(identifiers);
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = typeof failure === 'object' && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || !known.has(id)) return { kind: 'failed' };
    failed.add(id);
  }
  return { kind: 'partial', failed };
};
