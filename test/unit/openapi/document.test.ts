import { readFileSync } from 'node:fs';
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { app } from '../../../lib/app';
import { fullPath } from '../../../lib/declaration';
import { OPENAPI_FILE, openApiDocument, serializeOpenApi } from '../../../lib/openapi';

type Document = { openapi: string; paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>; components: { securitySchemes: Record<string, unknown> } };

describe('the OpenAPI document', () => {
  const generated = openApiDocument() as unknown as Document;

  it('is committed as generated from the current declaration (run `npm run openapi`)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(serializeOpenApi(openApiDocument()));
  });

  it('lists every declared route under its versioned path, with its operation id', () => {
    for (const route of app.routes) {
      const operation = generated.paths[fullPath(route)]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${fullPath(route)}`).toBeDefined();
      expect(operation!.operationId).toBe(route.id);
    }
    const operations = Object.values(generated.paths).flatMap((methods) => Object.keys(methods));
    expect(operations).toHaveLength(app.routes.length);
  });

  it('declares both security schemes: the bearer id token and the client app key', () => {
    expect(Object.values(generated.components.securitySchemes)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'http', scheme: 'bearer' }),
        expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
      ]),
    );
  });

  it('passes a real OpenAPI 3.1 validator', async () => {
    const result = await validate(structuredClone(openApiDocument()) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(generated.openapi).toMatch(/^3\.1\./);
  });

  it('fails the validator when an operation id is duplicated (the check can fail)', async () => {
    const broken = structuredClone(openApiDocument()) as unknown as Document;
    broken.paths['/v1/health']!.get!.operationId = 'getUser';
    const result = await validate(broken as never);
    expect(result.valid).toBe(false);
  });
});
