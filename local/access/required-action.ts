/** An IAM action on one resource: what a call needs, and what the guard reports when it is not granted. */
export interface RequiredAction {
  /** As IAM names it, e.g. `dynamodb:UpdateItem`, `sns:Publish`. */
  readonly action: string;
  /** A physical table name or a topic ARN; `*` when the call names none. */
  readonly resource: string;
}

export type InputFields = Readonly<Record<string, unknown>>;

/** The fields of an SDK input (or of a part of it); none if it is not an object. */
export const fieldsOf = (value: unknown): InputFields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as InputFields) : {};

export const stringOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
