/** Regenerates src/generated/openapi.ts from docs/openapi.json: `npm run openapi`. */
import { readFileSync, writeFileSync } from 'node:fs';
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
console.log(next !== current ? `${GENERATED_TYPES_FILE} written` : `${GENERATED_TYPES_FILE} is up to date`);
