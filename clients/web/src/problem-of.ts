import type { ApiResult, Problem } from '@serverless-gateway-events/client';

/** The API's problem behind a failed call, if the API answered one (field errors live there). */
export const problemOf = (result: ApiResult<unknown>): Problem | undefined =>
  !result.ok && (result.error.kind === 'problem' || result.error.kind === 'edit-conflict') ? result.error.problem : undefined;
