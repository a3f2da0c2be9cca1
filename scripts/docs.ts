/** Rewrites the generated sections of README.md from the declaration (lib/app.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedSections } from '../lib/reference';

const readme = readFileSync('README.md', 'utf8');
const updated = withGeneratedSections(readme);
if (updated !== readme) writeFileSync('README.md', updated);
console.log(updated === readme ? 'README.md is up to date' : 'README.md updated');
