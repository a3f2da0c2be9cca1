// PLACEHOLDER: replaced by the real relay in this change set.
export const handler = async (): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => ({ batchItemFailures: [] });
