import { fileURLToPath } from 'node:url';

/** The repository root (where package.json lives): handler paths in lib/app.ts are relative to it. */
export const repoRoot: string = fileURLToPath(new URL('..', import.meta.url));
