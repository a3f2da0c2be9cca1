/** Regenerates src/generated/openapi.ts from docs/openapi.json: `npm run openapi`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { GENERATED_TYPES_FILE, generateTypes } from './generate-types';

const current = (() => {
  try {
    return readFileSync(GENERATED_TYPES_FILE, 'utf8');
  } catch {
    return undefined;
  }
})();
const next = await generateTypes();
if (next !== current) writeFileSync(GENERATED_TYPES_FILE, next);
const shown = relative(process.cwd(), GENERATED_TYPES_FILE);
console.log(next !== current ? `${shown} written` : `${shown} is up to date`);
