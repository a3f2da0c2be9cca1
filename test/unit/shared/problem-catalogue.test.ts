import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../lambdas/shared/http/problem';
import { PROBLEM_CATALOGUE } from '../../../lambdas/shared/http/problem-catalogue';
import { GATEWAY_PROBLEMS } from '../../../lib/gateway-responses';
import { assertCataloguedProblem } from '../../support/catalogued-problems';

describe('the problem catalogue', () => {
  it('refuses, in any test, a problem whose type is not catalogued', () => {
    expect(() => assertCataloguedProblem({ type: '/problems/made-up', status: 400 }, 'A route')).toThrow(/not in the problem catalogue/);
    expect(() => assertCataloguedProblem('not json', 'A route')).toThrow(/not in the problem catalogue/);
    expect(() => assertCataloguedProblem({ type: '/problems/validation' }, 'A route')).not.toThrow();
  });

  it("gives a handler's errors their status and title", () => {
    const problem = new HttpError('idempotency-key-reused', 'Reused.').toProblem();

    expect(problem).toEqual({ type: '/problems/idempotency-key-reused', status: 422, title: PROBLEM_CATALOGUE['idempotency-key-reused'].title, detail: 'Reused.' });
  });

  it("gives the gateway's responses their status and title, except where the gateway keeps its own status", () => {
    for (const [type, problem] of Object.entries(GATEWAY_PROBLEMS)) {
      const entry = PROBLEM_CATALOGUE[problem.slug];
      expect(problem.title, type).toBe(entry.title);
      expect(problem.status, type).toBe(type.startsWith('DEFAULT_') ? undefined : entry.status);
      expect(entry.sentBy, type).toContain('gateway');
    }
  });
});
