/** Regenerates src/generated/ from docs/openapi.json and docs/asyncapi.json: `npm run openapi`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { GENERATED_TYPES } from './generate-types';

const current = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};
for (const { file, generate } of GENERATED_TYPES) {
  const next = await generate();
  const written = next !== current(file);
  if (written) writeFileSync(file, next);
  console.log(`${relative(process.cwd(), file)} ${written ? 'written' : 'is up to date'}`);
}
