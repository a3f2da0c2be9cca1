import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { ACCESS_LOG_FIELD_NAMES } from '../../lib/access-log';
import { stageConfig } from '../../lib/config';
import { fullPath } from '../../lib/declaration';
import { GATEWAY_PROBLEMS, gatewayProblemBody } from '../../lib/gateway-responses';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createApplication } from '../../lib/stacks/application';
import { STAGES, synthesize } from './synth';
import { accessLogFieldsOf, logicalIdOf, resourcesOfType, type TemplateResource } from './template';

describe.each(STAGES)('the gateway in %s', (stage) => {
  const { config, stacks, templates } = synthesize(stage);
  const api = templates.api;
  const methods = resourcesOfType(api, 'AWS::ApiGateway::Method');
  const methodOf = (operationName: string): TemplateResource => {
    const found = methods.find(([, method]) => method.Properties.OperationName === operationName);
    if (!found) throw new Error(`No method ${operationName}`);
    return found[1];
  };

  it('answers every customised gateway error as problem+json with its status, headers and CORS', () => {
    const responses = resourcesOfType(api, 'AWS::ApiGateway::GatewayResponse');
    expect(responses).toHaveLength(Object.keys(GATEWAY_PROBLEMS).length);
    for (const [type, problem] of Object.entries(GATEWAY_PROBLEMS)) {
      const found = responses.find(([, response]) => response.Properties.ResponseType === type);
      expect(found, type).toBeDefined();
      const properties = found![1].Properties;
      expect(properties.StatusCode, type).toBe(problem.status === undefined ? undefined : String(problem.status));
      expect(JSON.parse((properties.ResponseTemplates as Record<string, string>)['application/json']!), type).toEqual(gatewayProblemBody(problem));
      const headers = properties.ResponseParameters as Record<string, string>;
      expect(headers['gatewayresponse.header.Content-Type'], type).toBe("'application/problem+json'");
      for (const [name, value] of Object.entries(problem.headers ?? {})) expect(headers[`gatewayresponse.header.${name}`], type).toBe(`'${value}'`);
      // The web app's origin (the web stack's distribution) comes first: the gateway names only one.
      expect(headers['gatewayresponse.header.Access-Control-Allow-Origin'], type).toEqual(stacks.api.resolve(`'${stacks.web.hosting.origin}'`));
    }
  });

  it('sends the statuses the API documents for the refusals clients meet most', () => {
    expect(GATEWAY_PROBLEMS.UNAUTHORIZED.status).toBe(401);
    expect(GATEWAY_PROBLEMS.INVALID_API_KEY.status).toBe(403);
    expect(GATEWAY_PROBLEMS.MISSING_AUTHENTICATION_TOKEN.status).toBe(404);
    expect(GATEWAY_PROBLEMS.REQUEST_TOO_LARGE.status).toBe(413);
    expect(GATEWAY_PROBLEMS.UNSUPPORTED_MEDIA_TYPE.status).toBe(415);
    expect(GATEWAY_PROBLEMS.THROTTLED).toMatchObject({ status: 429, headers: { 'Retry-After': expect.any(String) } });
    expect(GATEWAY_PROBLEMS.QUOTA_EXCEEDED.status).toBe(429);
    expect(GATEWAY_PROBLEMS.DEFAULT_5XX.status).toBeUndefined();
  });

  it('leaves bodies to the functions, which name each refused field (the gateway validator cannot)', () => {
    for (const route of app.routes) {
      const method = methodOf(route.id);
      expect(method.Properties.RequestModels, `${route.method} ${fullPath(route)}`).toBeUndefined();
      expect(method.Properties.RequestValidatorId, route.id).toBeUndefined();
    }
    expect(resourcesOfType(api, 'AWS::ApiGateway::Model')).toHaveLength(0);
    expect(resourcesOfType(api, 'AWS::ApiGateway::RequestValidator')).toHaveLength(0);
  });

  it('requires no request parameter at the gateway (a missing If-Match stays the handler\'s 428)', () => {
    for (const [, method] of methods) {
      for (const required of Object.values((method.Properties.RequestParameters as Record<string, boolean> | undefined) ?? {})) {
        expect(required).toBe(false);
      }
    }
  });

  it('logs the client app\'s API key id with every access log field the local gateway writes', () => {
    const [[, stageResource]] = resourcesOfType(api, 'AWS::ApiGateway::Stage') as [[string, TemplateResource]];
    const format = accessLogFieldsOf((stageResource.Properties.AccessLogSetting as { Format: string }).Format);
    expect(Object.keys(format).sort()).toEqual([...ACCESS_LOG_FIELD_NAMES].sort());
    expect(format.apiKeyId).toBe('$context.identity.apiKeyId');
  });

  it(config.waf.enabled ? 'puts a WAF web ACL with managed and rate rules on the stage' : 'puts no WAF web ACL on the stage', () => {
    const acls = resourcesOfType(api, 'AWS::WAFv2::WebACL');
    if (!config.waf.enabled) {
      expect(acls).toEqual([]);
      expect(resourcesOfType(api, 'AWS::WAFv2::WebACLAssociation')).toEqual([]);
      return;
    }
    expect(acls).toHaveLength(1);
    const [[aclId, acl]] = acls as [[string, TemplateResource]];
    const rules = acl.Properties.Rules as { Name: string; Statement: Record<string, any>; Action?: unknown }[];
    expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    expect(rules.find((rule) => rule.Name === 'RatePerIp')).toMatchObject({
      Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
      Statement: { RateBasedStatement: { Limit: config.waf.requestsPerIpPer5Minutes, AggregateKeyType: 'IP' } },
    });
    expect(rules.map((rule) => rule.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean)).toEqual([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    api.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      ResourceArn: {
        'Fn::Join': ['', Match.arrayWith([{ Ref: logicalIdOf(stacks.api.api.restApi) }, '/stages/', { Ref: logicalIdOf(stacks.api.api.restApi.deploymentStage) }])],
      },
    });
  });
});

describe('the WAF context flag', () => {
  const wafAcls = (overrides: { waf?: unknown }): number => {
    const application = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stacks = createApplication(application, stageConfig('prod', overrides));
    return resourcesOfType(Template.fromStack(stacks.api), 'AWS::WAFv2::WebACL').length;
  };

  it('turns WAF off in prod with -c waf=false and on in dev with -c waf=true', () => {
    expect(wafAcls({ waf: 'false' })).toBe(0);
    expect(stageConfig('dev', { waf: 'true' }).waf.enabled).toBe(true);
    expect(stageConfig('prod').waf.enabled).toBe(true);
    expect(stageConfig('dev').waf.enabled).toBe(false);
  });

  it('refuses a value that is not a boolean', () => {
    expect(() => stageConfig('prod', { waf: 'maybe' })).toThrow(/-c waf must be true or false/);
  });
});
