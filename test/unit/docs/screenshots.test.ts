/**
 * The README's screenshots (`npm run screenshots` writes them to docs/screenshots/): every one it
 * shows exists and is a PNG, and every one there is shown. No browser: this reads files only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url);
const SCREENSHOTS = 'docs/screenshots/';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
/** Markdown images and HTML <img> alike: any link into docs/screenshots/. */
const shown = new Set([...readme.matchAll(/(?:\]\(|src=["'])(?:\.\/)?(docs\/screenshots\/[^)"'\s]+)/g)].map((match) => match[1]!));
const onDisk = new Set(readdirSync(new URL(SCREENSHOTS, ROOT)).map((name) => `${SCREENSHOTS}${name}`));

describe('the README screenshots', () => {
  it('shows some', () => {
    expect(shown.size).toBeGreaterThan(0);
  });

  it('shows only screenshots that exist, each a PNG', () => {
    for (const file of shown) {
      expect(onDisk, `${file} is shown in the README but missing (npm run screenshots)`).toContain(file);
      expect(readFileSync(new URL(file, ROOT)).subarray(0, 8).equals(PNG_SIGNATURE), `${file} is not a PNG`).toBe(true);
    }
  });

  it('shows every screenshot in docs/screenshots/', () => {
    expect([...onDisk].filter((file) => !shown.has(file)), 'in docs/screenshots/ but not shown in the README').toEqual([]);
  });
});
