/**
 * The one response schema no service declares: RFC 9457 problem details, the body of every 4xx
 * and 5xx. The success bodies are the routes' own `response` schemas, in the services' contracts.
 */
import * as z from 'zod/mini';
import { CATALOGUED_PROBLEM_TYPES } from '../lambdas/shared/http/problem-catalogue';
import { component, described } from '../lambdas/shared/responses';

export const problemResponse = component(
  'Problem',
  'RFC 9457 problem details: the body of every 4xx and 5xx',
  z.object({
    type: described(
      'A relative URI naming the kind of problem, one of the catalogue (README, Errors)',
      z.enum(CATALOGUED_PROBLEM_TYPES as [string, ...string[]]),
    ),
    title: z.string(),
    status: z.int().check(z.minimum(400), z.maximum(599)),
    detail: z.string(),
    errors: described(
      'One entry per offending field, on 400 validation problems',
      z.optional(
        z.array(
          z.object({
            path: described('JSON Pointer (RFC 6901) to the offending value in the request', z.string()),
            message: z.string(),
          }),
        ),
      ),
    ),
  }),
);
