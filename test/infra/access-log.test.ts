import { describe, expect, it } from 'vitest';
import { QUOTED_BY_API_GATEWAY } from '../../lib/constructs/api';
import { STAGES, synthesize } from './synth';
import { resourcesOfType, type TemplateResource } from './template';

/**
 * Variables whose value the client chooses and API Gateway substitutes verbatim (no escaping):
 * one `"` in them breaks the line. `$context.error.message` can quote the request; its
 * `messageString` variant is the escaped one.
 */
const VERBATIM_CLIENT_TEXT = ['$context.identity.userAgent', '$context.error.message', '$context.identity.caller', '$context.identity.user'];

/** What a client can make an escaped variable carry: quotes, a backslash, a newline, a forged field. */
const HOSTILE = 'curl/8 "x" \\ \n","status":"200';

/** A log line as API Gateway writes it: quoted variables as JSON strings, the others as plain text. */
const lineFor = (format: string, values: (variable: string) => string): string =>
  format.replace(/\$context\.[A-Za-z.]+/g, (variable) => (QUOTED_BY_API_GATEWAY.has(variable) ? JSON.stringify(values(variable)) : values(variable)));

describe.each(STAGES)('the access log of %s', (stage) => {
  const [[, stageResource]] = resourcesOfType(synthesize(stage).templates.api, 'AWS::ApiGateway::Stage') as [[string, TemplateResource]];
  const { Format: format } = stageResource.Properties.AccessLogSetting as { Format: string };

  it('takes no client text that API Gateway writes unescaped', () => {
    const variables = format.match(/\$context\.[A-Za-z.]+/g) ?? [];

    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter((variable) => VERBATIM_CLIENT_TEXT.includes(variable))).toEqual([]);
  });

  it('stays one JSON object per line when the error message quotes hostile client input', () => {
    const line = lineFor(format, (variable) => (QUOTED_BY_API_GATEWAY.has(variable) ? HOSTILE : '-'));

    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line) as Record<string, string>;
    expect(parsed.error).toBe(HOSTILE);
    expect(parsed.status).toBe('-');
  });

  it("writes the error through API Gateway's quoted variable, bare in the format", () => {
    expect(format).toContain('"error":$context.error.messageString');
  });
});
