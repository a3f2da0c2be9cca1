/**
 * The document is what clients and the fuzz suite hold the API to: it passes both linters with no
 * error and no warning (Redocly's recommended rules, Spectral's spectral:oas), and says exactly what
 * may come back: closed response schemas, a response for each status and no catch-all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stages } from '../../../lib/config';
import { OPENAPI_FILE, openApiDocument, serializeOpenApi } from '../../../lib/openapi';

type Json = Record<string, any>;
const document = openApiDocument() as Json;
const operations = Object.values(document.paths as Json).flatMap((item) => Object.values(item as Json)) as Json[];

/** Every lint finding of both linters on a file, as `linter: rule message`. */
const lintFindings = (file: string): string[] => {
  const run = (command: string, args: string[]): string => {
    try {
      return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      // Both exit non-zero when they find something; the JSON report is still on stdout.
      return (error as { stdout: string }).stdout;
    }
  };
  const spectral = JSON.parse(run('node_modules/.bin/spectral', ['lint', file, '--ruleset', '.spectral.yaml', '-f', 'json', '-q'])) as { code: string; message: string }[];
  const redocly = JSON.parse(run('node_modules/.bin/redocly', ['lint', file, '--format', 'json'])) as { problems: { ruleId: string; message: string }[] };
  return [
    ...spectral.map((finding) => `spectral: ${finding.code} ${finding.message}`),
    ...redocly.problems.map((finding) => `redocly: ${finding.ruleId} ${finding.message}`),
  ];
};

/** Every schema object in the document, nested ones included. */
const schemasIn = (value: unknown): Json[] => {
  if (typeof value !== 'object' || value === null) return [];
  const own = !Array.isArray(value) && (value as Json).type === 'object' ? [value as Json] : [];
  return [...own, ...Object.values(value).flatMap(schemasIn)];
};

describe('the OpenAPI document, linted', { timeout: 60_000 }, () => {
  it('passes redocly (recommended) and spectral (spectral:oas) with no error and no warning', () => {
    expect(lintFindings(OPENAPI_FILE)).toEqual([]);
  });

  it('fails them when it lacks a license and a contact (the check can fail)', () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'openapi-lint-'));
    try {
      const broken = openApiDocument() as Json;
      delete broken.info.license;
      delete broken.info.contact;
      const file = path.join(directory, 'openapi.json');
      writeFileSync(file, serializeOpenApi(broken));

      expect(lintFindings(file)).toEqual(expect.arrayContaining([expect.stringMatching(/^spectral: info-contact/), expect.stringMatching(/^redocly: info-license/)]));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the OpenAPI document, as a contract', () => {
  it('closes every response object schema: an undocumented field is a defect', () => {
    // The one open schema: GET /v1/openapi.json serves this whole document, described by its top fields.
    const responseSchemas = Object.entries(document.components.schemas as Json).filter(([name]) => !name.endsWith('Request') && name !== 'OpenApiDocument');
    for (const [name, schema] of responseSchemas) {
      for (const object of schemasIn(schema)) expect(object.additionalProperties, name).toBe(false);
    }
  });

  it('declares each status an operation answers, with no catch-all default', () => {
    for (const operation of operations) {
      expect(Object.keys(operation.responses), operation.operationId).not.toContain('default');
      expect(Object.keys(operation.responses), operation.operationId).toEqual(expect.arrayContaining(['429', '500', '502', '504']));
    }
  });

  it('says when to retry a 429', () => {
    expect(document.components.responses.TooManyRequests.headers['Retry-After']).toMatchObject({ required: true });
  });

  it('names every request body schema and describes every parameter', () => {
    for (const operation of operations) {
      if (operation.requestBody) expect(operation.requestBody.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\/\w+Request$/);
      for (const parameter of operation.parameters) expect(parameter.description, `${operation.operationId} ${parameter.name}`).toEqual(expect.any(String));
    }
  });

  it('has a server for each deployed stage and one for the local runtime', () => {
    const urls = (document.servers as Json[]).map((server) => server.url);

    expect(urls).toEqual([...Object.keys(stages).map((stage) => expect.stringMatching(new RegExp(`/${stage}$`))), 'http://127.0.0.1:3000']);
    expect(document.info.license).toBeDefined();
    expect(document.info.contact).toBeDefined();
  });
});
