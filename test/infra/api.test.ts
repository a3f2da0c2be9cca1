import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { ACCESS_LOG_FIELDS } from '../../lib/constructs/api';
import { fullPath, requiresApiKey, routeThrottle, socketFunctions, type ClientAppName } from '../../lib/declaration';
import { STAGES, synthesize } from './synth';
import { accessLogFieldsOf, describeReference, exportsOf, logicalIdOf, resourceAt, resourcesOfType, type TemplateResource } from './template';

/** `METHOD /full/path` of every API Gateway method in the template, with the method itself. */
const methodsByRoute = (resources: [string, TemplateResource][], restApiId: string): Map<string, TemplateResource> => {
  const byId = new Map(resources);
  const pathOf = (reference: unknown): string => {
    const ref = reference as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    if (ref['Fn::GetAtt']?.[0] === restApiId && ref['Fn::GetAtt'][1] === 'RootResourceId') return '';
    const resource = ref.Ref ? byId.get(ref.Ref) : undefined;
    if (!resource || resource.Type !== 'AWS::ApiGateway::Resource') throw new Error(`Not a resource: ${JSON.stringify(reference)}`);
    return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart as string}`;
  };
  return new Map(
    resources
      .filter(([, resource]) => resource.Type === 'AWS::ApiGateway::Method')
      .map(([, method]) => [`${method.Properties.HttpMethod as string} ${pathOf(method.Properties.ResourceId)}`, method]),
  );
};

/** The logical id of the function a Lambda proxy integration invokes. */
const integratedFunction = (method: TemplateResource): string => {
  const uri = JSON.stringify((method.Properties.Integration as { Uri: unknown }).Uri);
  const match = /"Fn::GetAtt":\["([^"]+)","Arn"\]/.exec(uri);
  if (!match?.[1]) throw new Error(`No function in ${uri}`);
  return match[1];
};

describe.each(STAGES)('the API in %s', (stage) => {
  const { config, stacks, templates } = synthesize(stage);
  const api = templates.api;
  const exports = exportsOf(templates.stateful);
  const allResources = Object.entries(api.toJSON().Resources as Record<string, TemplateResource>);
  const routes = methodsByRoute(allResources, logicalIdOf(stacks.api.api.restApi));
  const authorizerId = logicalIdOf(stacks.api.api.authorizer);

  it('has exactly the declared routes, under their versioned paths', () => {
    const declared = app.routes.map((route) => `${route.method} ${fullPath(route)}`).sort();
    expect([...routes.keys()].filter((route) => !route.startsWith('OPTIONS ')).sort()).toEqual(declared);
  });

  it.each(app.routes.filter((route) => route.auth === 'user').map((route) => [route.id, route] as const))(
    'requires a Cognito user-pool token on %s',
    (_id, route) => {
      expect(routes.get(`${route.method} ${fullPath(route)}`)?.Properties).toMatchObject({
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: { Ref: authorizerId },
      });
    },
  );

  it('leaves exactly the routes declared public (GET /v1/health among them) without an authorizer', () => {
    const declaredPublic = app.routes.filter((route) => route.auth === 'none').map((route) => `${route.method} ${fullPath(route)}`);
    expect(declaredPublic).toContain('GET /v1/health');
    // Preflights are answered by the gateway itself (a MOCK integration): no function runs behind them.
    const open = [...routes.entries()]
      .filter(([route, method]) => !route.startsWith('OPTIONS ') && method.Properties.AuthorizationType === 'NONE')
      .map(([route]) => route);
    expect(open.sort()).toEqual(declaredPublic.sort());
    for (const route of open) expect(routes.get(route)?.Properties.AuthorizerId, route).toBeUndefined();
  });

  it.each(app.routes.map((route) => [route.id, route] as const))('requires a client app\'s API key on %s exactly as declared', (_id, route) => {
    expect(routes.get(`${route.method} ${fullPath(route)}`)?.Properties.ApiKeyRequired).toBe(requiresApiKey(route));
  });

  it('gives each client app an API key on its own usage plan, with its throttle and daily quota, on this stage', () => {
    const clientApps = Object.entries(app.clientApps ?? {}) as [ClientAppName, NonNullable<typeof app.clientApps>[ClientAppName]][];
    expect(clientApps.length).toBeGreaterThan(0);
    // One plan per client app on the REST API, and one for the socket (test/infra/socket.test.ts).
    expect(resourcesOfType(api, 'AWS::ApiGateway::UsagePlan')).toHaveLength(clientApps.length + (app.socket ? 1 : 0));
    for (const [name, clientApp] of clientApps) {
      const planId = logicalIdOf(stacks.api.api.usagePlans[name]!);
      expect(resourceAt(api, planId).Properties).toMatchObject({
        Throttle: { RateLimit: clientApp.usagePlan.rateLimit, BurstLimit: clientApp.usagePlan.burstLimit },
        Quota: { Limit: clientApp.usagePlan.quotaPerDay, Period: 'DAY' },
        ApiStages: [{ ApiId: { Ref: logicalIdOf(stacks.api.api.restApi) }, Stage: { Ref: logicalIdOf(stacks.api.api.restApi.deploymentStage) } }],
      });
      const planKeys = resourcesOfType(api, 'AWS::ApiGateway::UsagePlanKey').filter(
        ([, key]) => JSON.stringify(key.Properties.UsagePlanId) === JSON.stringify({ Ref: planId }),
      );
      expect(planKeys.map(([, key]) => [key.Properties.KeyType, describeReference(key.Properties.KeyId, exports)])).toEqual([
        ['API_KEY', `${logicalIdOf(stacks.stateful.apiKeys[name]!)}.Ref`],
      ]);
      expect(resourceAt(templates.stateful, logicalIdOf(stacks.stateful.apiKeys[name]!)).Properties.Enabled).toBe(true);
    }
  });

  it('throttles each write route, and any route that declares it, at the method level', () => {
    const [[, stageResource]] = resourcesOfType(api, 'AWS::ApiGateway::Stage') as [[string, TemplateResource]];
    const settings = stageResource.Properties.MethodSettings as Record<string, unknown>[];
    const throttled = app.routes.filter((route) => routeThrottle(route, app));
    expect(throttled.map((route) => route.id)).toEqual(expect.arrayContaining(['createUser', 'placeOrder', 'cancelOrder']));
    for (const route of throttled) {
      const throttle = routeThrottle(route, app)!;
      expect(settings, route.id).toContainEqual({
        HttpMethod: route.method,
        ResourcePath: `/${fullPath(route).replace(/\//g, '~1')}`,
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
        MetricsEnabled: true,
      });
    }
    expect(settings).toHaveLength(1 + throttled.length);
  });

  it("answers CORS preflights on every route resource for the web app's origin first, then the stage's, allowing that resource's methods", () => {
    const origins = stacks.api.corsAllowOrigins;
    expect(origins).toEqual([stacks.web.hosting.origin, ...config.corsAllowOrigins]);
    const preflights = [...routes.entries()].filter(([route]) => route.startsWith('OPTIONS '));
    const paths = new Set(app.routes.map(fullPath));
    expect(preflights.map(([route]) => route.slice('OPTIONS '.length)).sort()).toEqual([...paths].sort());
    for (const [route, method] of preflights) {
      const path = route.slice('OPTIONS '.length);
      const allowed = [...app.routes.filter((r) => fullPath(r) === path).map((r) => r.method), 'OPTIONS'];
      expect(method.Properties, route).toMatchObject({ AuthorizationType: 'NONE', ApiKeyRequired: false });
      const headers = (method.Properties.Integration as { IntegrationResponses: { ResponseParameters: Record<string, unknown> }[] })
        .IntegrationResponses[0]!.ResponseParameters;
      expect(headers, route).toMatchObject({
        'method.response.header.Access-Control-Allow-Origin': stacks.api.resolve(`'${origins[0]}'`),
        'method.response.header.Access-Control-Allow-Methods': `'${allowed.join(',')}'`,
        'method.response.header.Access-Control-Allow-Headers': `'${app.cors!.allowHeaders.join(',')}'`,
        'method.response.header.Access-Control-Expose-Headers': `'${app.cors!.exposeHeaders.join(',')}'`,
      });
    }
  });

  it('authorizes with the stack\'s user pool', () => {
    const [[, authorizer], ...others] = resourcesOfType(api, 'AWS::ApiGateway::Authorizer') as [[string, TemplateResource]];
    expect(others).toEqual([]);
    expect(authorizer.Properties).toMatchObject({ Type: 'COGNITO_USER_POOLS', IdentitySource: 'method.request.header.Authorization' });
    expect((authorizer.Properties.ProviderARNs as unknown[]).map((arn) => describeReference(arn, exports))).toEqual([
      `${logicalIdOf(stacks.stateful.userPool.userPool)}.Arn`,
    ]);
  });

  it('integrates every route with its own function, through a Lambda proxy', () => {
    for (const route of app.routes) {
      const method = routes.get(`${route.method} ${fullPath(route)}`)!;
      expect(method.Properties.Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
      expect(integratedFunction(method), route.id).toBe(logicalIdOf(stacks.api.routeFunctions[route.id]!.function));
    }
    const functions = [...routes.entries()].filter(([route]) => !route.startsWith('OPTIONS ')).map(([, method]) => integratedFunction(method));
    expect(new Set(functions).size).toBe(app.routes.length);
  });

  it.each(app.routes.map((route) => [route.id, route] as const))(
    'runs %s on Node.js 24 on arm64 with its declared memory and timeout',
    (id, route) => {
      const fn = resourceAt(api, logicalIdOf(stacks.api.routeFunctions[id]!.function));
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: route.memoryMb ?? config.memoryMb,
        Timeout: route.timeoutSeconds ?? config.routeTimeoutSeconds,
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', STAGE: stage } },
      });
    },
  );

  it('gives every function of the stack its own log group with the stage\'s retention', () => {
    const functions = resourcesOfType(api, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    const logGroups = new Set<string>();
    for (const [id, fn] of functions) {
      const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } } | undefined)?.LogGroup.Ref;
      expect(logGroupId, id).toBeDefined();
      logGroups.add(logGroupId!);
      const logGroup = resourceAt(api, logGroupId!);
      expect(logGroup.Properties.RetentionInDays).toBe(config.logRetentionDays);
      expect(logGroup.DeletionPolicy).toBe(stage === 'prod' ? 'Retain' : 'Delete');
    }
    expect(logGroups.size).toBe(functions.length);
  });

  it(`turns X-Ray tracing ${stage === 'prod' ? 'on' : 'off'} for every function and the stage`, () => {
    for (const [id, fn] of resourcesOfType(api, 'AWS::Lambda::Function')) {
      expect(fn.Properties.TracingConfig, id).toEqual(config.tracing ? { Mode: 'Active' } : undefined);
    }
    api.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: config.tracing });
  });

  it('deploys a stage named after the stage, throttled stage-wide', () => {
    api.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: stage,
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: config.throttle.rateLimit,
          ThrottlingBurstLimit: config.throttle.burstLimit,
          DataTraceEnabled: false,
          LoggingLevel: 'ERROR',
        }),
      ]),
    });
  });

  it('writes JSON access logs with who, what and how to a log group with the stage\'s retention', () => {
    const [[, stageResource]] = resourcesOfType(api, 'AWS::ApiGateway::Stage') as [[string, TemplateResource]];
    const setting = stageResource.Properties.AccessLogSetting as { Format: string; DestinationArn: { 'Fn::GetAtt': [string, string] } };
    const format = accessLogFieldsOf(setting.Format);
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      sub: '$context.authorizer.claims.sub',
      method: '$context.httpMethod',
      path: '$context.path',
      status: '$context.status',
      latency: '$context.responseLatency',
      responseLength: '$context.responseLength',
      error: '$context.error.messageString',
    });
    const logGroup = resourceAt(api, setting.DestinationArn['Fn::GetAtt'][0]);
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties.RetentionInDays).toBe(config.logRetentionDays);
  });

  it('lets API Gateway invoke each route function only from its own method on this API', () => {
    for (const route of app.routes) {
      api.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [logicalIdOf(stacks.api.routeFunctions[route.id]!.function), 'Arn'] },
        SourceArn: {
          'Fn::Join': [
            '',
            Match.arrayWith([
              { Ref: logicalIdOf(stacks.api.api.restApi) },
              { Ref: logicalIdOf(stacks.api.api.restApi.deploymentStage) },
              `/${route.method}${fullPath(route).replace(/\{[^}]+\}/g, '*')}`,
            ]),
          ],
        },
      });
    }
    // The rest are the scheduled jobs' rules, each allowed to invoke its own function only.
    const permissions = resourcesOfType(api, 'AWS::Lambda::Permission').map(([, permission]) => permission.Properties);
    // The socket's functions are API Gateway's to invoke too, from the socket (test/infra/socket.test.ts).
    expect(permissions.filter((permission) => permission.Principal === 'apigateway.amazonaws.com')).toHaveLength(app.routes.length + socketFunctions(app.socket).length);
    expect(permissions.filter((permission) => permission.Principal !== 'apigateway.amazonaws.com').map((permission) => permission.Principal)).toEqual(
      Object.keys(stacks.api.jobs).map(() => 'events.amazonaws.com'),
    );
  });

  it('relies on the account-level CloudWatch role, deployed before the API', () => {
    expect(resourcesOfType(api, 'AWS::ApiGateway::Account')).toEqual([]);
    templates.apiGatewayAccount.hasResourceProperties('AWS::ApiGateway::Account', {
      CloudWatchRoleArn: { 'Fn::GetStackOutput': Match.objectLike({ StackName: stacks.apiGatewayCloudWatchRole.stackName }) },
    });
    templates.apiGatewayCloudWatchRole.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
      }),
    });
    expect(stacks.api.dependencies).toContain(stacks.apiGatewayAccount);
  });
});
