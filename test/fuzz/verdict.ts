/**
 * What every response must be, whatever the request: no 5xx; a status the operation documents;
 * the documented media type and body (closed schemas: no undocumented field); the documented
 * headers; and a 4xx for a request that is invalid by construction.
 */
import type { Operation } from './operations';
import type { FuzzRequest } from './requests';

export interface Received {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** The ways a response breaks the document, empty when it keeps it. */
export const violationsOf = (operation: Operation, request: FuzzRequest, response: Received): string[] => {
  const violations: string[] = [];
  if (response.status >= 500) violations.push(`a ${response.status} from client input`);
  if (request.invalid && (response.status < 400 || response.status >= 500)) {
    violations.push(`${response.status} for a request that is invalid (${request.invalid})`);
  }
  const documented = operation.responses.get(response.status);
  if (!documented) return [...violations, `status ${response.status} is not documented for ${operation.id}`];
  const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim();
  if (mediaType !== documented.mediaType) violations.push(`content-type ${mediaType} where the document says ${documented.mediaType}`);
  for (const name of documented.requiredHeaders) {
    if (!response.headers.has(name)) violations.push(`no ${name} header on a ${response.status}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return [...violations, 'a body that is not JSON'];
  }
  if (!documented.validate(body)) {
    const errors = (documented.validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`);
    violations.push(`a body the document does not describe: ${errors.slice(0, 5).join('; ')}`);
  }
  return violations;
};
