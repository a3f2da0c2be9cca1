import type { APIGatewayProxyResult } from 'aws-lambda';

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** A weak-free ETag from an entity's version: version changes on every write, so it is exact. */
export const etagOf = (version: number): string => `"${version}"`;

/** Parses `If-Match: "3"` (or W/"3") to 3; undefined when absent, NaN when unusable. */
export const versionFromIfMatch = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(value.trim());
  return match ? Number(match[1]) : Number.NaN;
};
