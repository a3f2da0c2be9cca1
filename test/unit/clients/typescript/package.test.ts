/**
 * The package as its consumers get it: types generated from the current OpenAPI document, and
 * source that compiles for a browser (DOM globals only, no Node types).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, OPENAPI_TYPES } from '../../../../clients/typescript/scripts/generate-types';

describe('clients/typescript', () => {
  it.each([
    ['docs/openapi.json', OPENAPI_TYPES],
    ['docs/asyncapi.json', EVENT_TYPES],
  ])('has types generated from the current %s', async (_document, { file, generate }) => {
    expect(readFileSync(file, 'utf8'), `${file} is stale: run \`npm run openapi\``).toBe(await generate());
  });

  it('shows in both READMEs the example that the browser check compiles', () => {
    const example = readFileSync('clients/typescript/examples/tv-app.ts', 'utf8');
    for (const readme of ['README.md', 'clients/typescript/README.md']) expect(readFileSync(readme, 'utf8'), readme).toContain(`\`\`\`ts\n${example}\`\`\`\n`);
  });

  it('compiles for a browser, without Node types, with its examples', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const check = spawnSync(process.execPath, [tsc, '-p', 'clients/typescript/tsconfig.json'], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 60_000);
});
