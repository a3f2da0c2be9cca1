import { readFileSync, writeFileSync } from 'node:fs';

const contentOf = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * Writes a generated file from the repository root, only when its content differs (so its
 * modification time, and anything watching it, is left alone otherwise), and says which.
 */
export const writeIfChanged = (file: string, content: string): void => {
  const changed = contentOf(file) !== content;
  if (changed) writeFileSync(file, content);
  console.log(changed ? `${file} written` : `${file} is up to date`);
};
