/**
 * The direction of dependencies, checked on the sources: a domain module is given its ports and
 * knows nothing of AWS, of stores or of HTTP; a service reads another's data only through the
 * owner's reader, never its store or its keys.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceContract } from '../../../lambdas/shared/contract';
import { services } from '../../../lib/app';
import { repoRoot } from '../../../lib/paths';

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1]!);

/** The TypeScript modules directly in a service folder (handlers/ excluded). */
const modulesOf = (folder: string): string[] =>
  readdirSync(path.join(repoRoot, 'lambdas', folder))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(repoRoot, 'lambdas', folder, name));

/** The secondary adapters: DynamoDB stores (`store.ts`, `<what>-store.ts`) and readers, and the live service's API Gateway Management API poster. */
const ADAPTERS = new Set(['store.ts', 'reader.ts', 'management-api.ts']);
const isAdapter = (file: string): boolean => ADAPTERS.has(path.basename(file)) || path.basename(file).endsWith('-store.ts');
/** Each folder under lambdas/ that holds a service's code, with the service it belongs to (inventory is products'). */
const ownerOf = new Map(
  (services as readonly ServiceContract[]).flatMap((service) =>
    [...Object.values(service.routes), ...Object.values(service.consumers), ...Object.values(service.jobs ?? {})].map((fn) => [fn.handler.split('/')[1]!, service.name] as const),
  ),
);
const serviceFolders = [...ownerOf.keys()];

describe('the layering of the services', () => {
  it.each(serviceFolders)('keeps AWS, stores and HTTP out of the domain of %s', (folder) => {
    const domain = modulesOf(folder).filter((file) => !isAdapter(file));
    const offending = domain.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('@aws-sdk/') || /\/(store|reader)$/.test(target) || target.startsWith('./store') || target.includes('/http/'))
        // HTTP-only helpers of a route (Idempotency-Key parsing) may use the HTTP layer.
        .filter((target) => !(path.basename(file).startsWith('idempotency-') && target.includes('/http/')))
        .map((target) => `${path.relative(repoRoot, file)} imports ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('lets a service reach into another only through its contract, events, reader or domain types', () => {
    const crossing = serviceFolders.flatMap((folder) =>
      [...modulesOf(folder), ...readdirSync(path.join(repoRoot, 'lambdas', folder, 'handlers')).map((name) => path.join(repoRoot, 'lambdas', folder, 'handlers', name))]
        .flatMap((file) => importsOf(file).map((target) => ({ file, target })))
        .filter(({ file, target }) => {
          const reached = /^(?:\.\.\/)+([a-z]+)\/(store|table-keys|ports)$/.exec(target)?.[1];
          return reached !== undefined && reached !== 'shared' && ownerOf.get(reached) !== ownerOf.get(path.basename(path.dirname(file)) === 'handlers' ? path.basename(path.dirname(path.dirname(file))) : path.basename(path.dirname(file)));
        }),
    );
    expect(crossing.map(({ file, target }) => `${path.relative(repoRoot, file)} imports ${target}`)).toEqual([]);
  });
});
