import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { HttpError } from '../../lambdas/shared/http/problem';
import { MAX_BODY_BYTES, parseBody } from '../../lambdas/shared/http/request';
import { COUNTED_COMMON_RULES } from '../../lib/constructs/web-acl';
import { GATEWAY_PROBLEMS, gatewayProblemBody } from '../../lib/gateway-responses';
import { repoRoot } from '../../lib/paths';
import { WAF_PROBLEMS, wafProblemBody } from '../../lib/waf-responses';
import { synthesize } from './synth';
import { resourcesOfType, type TemplateResource } from './template';

interface WafRule {
  readonly Name: string;
  readonly Priority: number;
  readonly Statement: Record<string, any>;
  readonly Action?: { Block?: { CustomResponse?: { ResponseCode: number; CustomResponseBodyKey: string; ResponseHeaders?: { Name: string; Value: string }[] } } };
}

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/** The problem the handlers send for `body`, as the function would answer it. */
const handlerProblem = (body: string): unknown => {
  try {
    parseBody({ body, isBase64Encoded: false, headers: { 'content-type': 'application/json' } } as unknown as APIGatewayProxyEvent, z.unknown());
  } catch (error) {
    if (error instanceof HttpError) return error.toProblem();
    throw error;
  }
  throw new Error('The body was accepted');
};

describe('the web ACL in prod', () => {
  const { templates } = synthesize('prod');
  const [[, acl]] = resourcesOfType(templates.api, 'AWS::WAFv2::WebACL') as [[string, TemplateResource]];
  const rules = acl.Properties.Rules as WafRule[];
  const rule = (name: string): WafRule => {
    const found = rules.find((candidate) => candidate.Name === name);
    if (!found) throw new Error(`No rule ${name}`);
    return found;
  };
  const bodies = acl.Properties.CustomResponseBodies as Record<string, { ContentType: string; Content: string }>;
  /** What a client receives when `name` blocks: status, headers and the parsed body. */
  const responseOf = (name: string): { status: number; headers: Record<string, string>; body: unknown } => {
    const response = rule(name).Action?.Block?.CustomResponse;
    if (!response) throw new Error(`Rule ${name} has no custom response`);
    // CloudFormation refuses an empty header list: no headers means no property.
    expect(response.ResponseHeaders).not.toEqual([]);
    const body = bodies[response.CustomResponseBodyKey];
    if (!body) throw new Error(`No custom response body ${response.CustomResponseBodyKey}`);
    expect(body.ContentType).toBe('APPLICATION_JSON');
    return {
      status: response.ResponseCode,
      headers: Object.fromEntries((response.ResponseHeaders ?? []).map((header) => [header.Name, header.Value])),
      body: JSON.parse(body.Content),
    };
  };

  it("only counts the common rule set's 8 KB body limit and its User-Agent requirement, which the API does not have", () => {
    const common = rule('AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement;

    expect(common.RuleActionOverrides).toEqual(
      expect.arrayContaining([
        { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
        { Name: 'NoUserAgent_HEADER', ActionToUse: { Count: {} } },
      ]),
    );
    expect(COUNTED_COMMON_RULES).toEqual(['SizeRestrictions_BODY', 'NoUserAgent_HEADER']);
  });

  it('blocks a body over the documented 64 KB with the same 413 problem the handlers send', () => {
    const sizeRule = rule('BodyOverLimit').Statement.SizeConstraintStatement;

    expect(sizeRule).toMatchObject({ FieldToMatch: { Body: { OversizeHandling: 'MATCH' } }, ComparisonOperator: 'GT', Size: MAX_BODY_BYTES });
    // The size rule can only see a body over 64 KB if API Gateway forwards that much of it.
    expect(acl.Properties.AssociationConfig).toEqual({ RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_64' } } });
    expect(responseOf('BodyOverLimit')).toEqual({ status: 413, headers: {}, body: handlerProblem('x'.repeat(MAX_BODY_BYTES + 1)) });
  });

  it('answers the per-IP rate rule with a 429 rate-limited problem and a Retry-After of its evaluation window', () => {
    const rate = rule('RatePerIp');
    const window = rate.Statement.RateBasedStatement.EvaluationWindowSec as number;

    expect(rate.Priority).toBe(0);
    expect(responseOf('RatePerIp')).toEqual({
      status: 429,
      headers: { 'Retry-After': String(window) },
      body: { type: '/problems/rate-limited', title: 'Too Many Requests', status: 429, detail: WAF_PROBLEMS.RatePerIp.detail },
    });
  });

  it('answers a managed rule group block through the WAF_FILTERED gateway response, a 403 request-blocked problem', () => {
    const filtered = resourcesOfType(templates.api, 'AWS::ApiGateway::GatewayResponse').find(
      ([, response]) => response.Properties.ResponseType === 'WAF_FILTERED',
    );

    expect(filtered?.[1].Properties).toMatchObject({
      StatusCode: '403',
      ResponseParameters: expect.objectContaining({ 'gatewayresponse.header.Content-Type': "'application/problem+json'" }),
    });
    expect(gatewayProblemBody(GATEWAY_PROBLEMS.WAF_FILTERED)).toMatchObject({ type: '/problems/request-blocked', status: 403 });
  });

  it('sends only problem types the README documents, with their status', () => {
    const types = [
      ...Object.values(WAF_PROBLEMS).map((problem) => [wafProblemBody(problem).status, `/problems/${problem.slug}`] as const),
      [403, gatewayProblemBody(GATEWAY_PROBLEMS.WAF_FILTERED).type] as const,
    ];
    for (const [status, type] of types) expect(readme, type).toMatch(new RegExp(`\\| ${status} \\| \`${type}\` \\|`));
  });
});
