import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { app } from '../../../lib/app';
import { fullPath } from '../../../lib/declaration';
import { withGeneratedSections } from '../../../lib/reference';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('has the API reference and event catalogue generated from the current declaration (run `npm run docs`)', () => {
    expect(withGeneratedSections(readme)).toBe(readme);
  });

  it('lists every declared route and event', () => {
    for (const route of app.routes) expect(readme).toContain(`\`${route.method} ${fullPath(route)}\``);
    for (const type of Object.keys(app.events)) expect(readme).toContain(`\`${type}\``);
  });

  it('keeps the two-command quick start', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
