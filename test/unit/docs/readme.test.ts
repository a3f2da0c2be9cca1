import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { app } from '../../../lib/app';
import { fullPath } from '../../../lib/declaration';
import { withGeneratedSections } from '../../../lib/reference';
import { CATALOGUED_PROBLEM_TYPES } from '../../../lambdas/shared/http/problem-catalogue';
import { openApiDocument } from '../../../lib/openapi';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('has the API reference and event catalogue generated from the current declaration (run `npm run docs`)', () => {
    expect(withGeneratedSections(readme)).toBe(readme);
  });

  it('lists every declared route and event', () => {
    for (const route of app.routes) expect(readme).toContain(`\`${route.method} ${fullPath(route)}\``);
    for (const type of Object.keys(app.events)) expect(readme).toContain(`\`${type}\``);
  });

  it('documents every problem type the API sends, the idempotency ones included, here and in the OpenAPI document', () => {
    const documented = (openApiDocument() as { components: { schemas: { Problem: { properties: { type: { enum: string[] } } } } } }).components.schemas.Problem.properties.type.enum;
    for (const type of ['/problems/invalid-idempotency-key', '/problems/idempotency-key-in-flight', '/problems/idempotency-key-reused', ...CATALOGUED_PROBLEM_TYPES]) {
      expect(readme).toContain(`\`${type}\``);
      expect(documented).toContain(type);
    }
  });

  it('keeps the two-command quick start', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
