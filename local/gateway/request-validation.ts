/**
 * The gateway's body validation, locally: the same draft-4 models the stack gives API Gateway
 * (lib/request-models.ts), checked with a draft-4 validator before the function runs. Formats are
 * not checked (API Gateway's validator does not either); the handler's zod schema checks them.
 */
import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import type { RouteDeclaration } from '../../lib/declaration';
import { requestModelOf } from '../../lib/request-models';

export type BodyCheck = { readonly ok: true } | { readonly ok: false };

export class RequestValidation {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(routes: readonly RouteDeclaration[]) {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
    for (const route of routes) {
      const model = requestModelOf(route);
      if (model) this.validators.set(route.id, ajv.compile(model));
    }
  }

  /**
   * API Gateway applies a route's model to `application/json` bodies (and to requests without a
   * Content-Type, which it treats as JSON); other media types pass through to the handler, which
   * answers 415.
   */
  check(route: RouteDeclaration, contentType: string | undefined, body: Buffer): BodyCheck {
    const validate = this.validators.get(route.id);
    if (!validate) return { ok: true };
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== undefined && mediaType !== '' && mediaType !== 'application/json') return { ok: true };
    let value: unknown;
    try {
      value = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return { ok: false };
    }
    return validate(value) ? { ok: true } : { ok: false };
  }
}
