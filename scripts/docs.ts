/**
 * Rewrites the generated sections of README.md from the declaration (lib/app.ts). `npm run docs`
 * runs it, then the OpenAPI and AsyncAPI writers.
 */
import { readFileSync } from 'node:fs';
import { withGeneratedSections } from '../lib/reference';
import { writeIfChanged } from './write-if-changed';

writeIfChanged('README.md', withGeneratedSections(readFileSync('README.md', 'utf8')));
