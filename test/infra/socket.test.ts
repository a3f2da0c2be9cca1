import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { socketFunctions } from '../../lib/declaration';
import { STAGES, synthesize } from './synth';
import { logicalIdOf, resourceAt, resourcesOfType } from './template';

describe.each(STAGES)('the socket (WebSocket API) in %s', (stage) => {
  const { config, stacks, templates } = synthesize(stage);
  const api = templates.api;
  const socket = stacks.api.socket!;
  const apiRef = { Ref: logicalIdOf(socket.api) };
  const functionOf = (role: string) => {
    const fn = socketFunctions(app.socket).find((declared) => declared.role === role)!;
    return logicalIdOf(stacks.api.socketFunctions[fn.id]!.function);
  };
  const routes = new Map(resourcesOfType(api, 'AWS::ApiGatewayV2::Route').map(([, route]) => [route.Properties.RouteKey as string, route.Properties]));
  const integrationTarget = (routeKey: string): string => {
    const target = JSON.stringify(routes.get(routeKey)!.Target);
    const integrationId = /"Ref":"([^"]+)"/.exec(target)![1]!;
    return JSON.stringify(resourceAt(api, integrationId).Properties.IntegrationUri);
  };

  it('is declared in the application, by the live service', () => {
    expect(app.socket?.service).toBe('live');
  });

  it('is a WebSocket API whose API key comes from the authorizer (the apiKey query parameter)', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      ApiKeySelectionExpression: '$context.authorizer.usageIdentifierKey',
    });
  });

  it('has exactly the $connect, $disconnect and $default routes, each on its own function', () => {
    expect([...routes.keys()].sort()).toEqual(['$connect', '$default', '$disconnect']);
    for (const key of ['$connect', '$disconnect', '$default']) expect(integrationTarget(key), key).toContain(functionOf(key));
  });

  it('puts the Lambda authorizer on $connect alone, reading the token and apiKey query parameters, and requires an API key there', () => {
    const authorizers = resourcesOfType(api, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    expect(authorizer.Properties).toMatchObject({
      ApiId: apiRef,
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.querystring.token', 'route.request.querystring.apiKey'],
    });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(functionOf('authorizer'));
    expect(routes.get('$connect')).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId }, ApiKeyRequired: true });
    expect(routes.get('$disconnect')!.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(routes.get('$default')!.AuthorizationType ?? 'NONE').toBe('NONE');
  });

  it("sends $default's return value back to the client (a route response)", () => {
    expect(routes.get('$default')!.RouteResponseSelectionExpression).toBe('$default');
    api.hasResourceProperties('AWS::ApiGatewayV2::RouteResponse', { ApiId: apiRef, RouteResponseKey: '$default' });
  });

  it("throttles the stage as the stage's configuration says, and logs each connection event as JSON", () => {
    const [, stageResource] = resourcesOfType(api, 'AWS::ApiGatewayV2::Stage')[0]!;
    expect(stageResource.Properties).toMatchObject({
      ApiId: apiRef,
      StageName: config.stage,
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: config.socket.throttle.rateLimit, ThrottlingBurstLimit: config.socket.throttle.burstLimit },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logicalIdOf(socket.accessLogGroup), 'Arn'] } },
    });
    const format = JSON.parse((stageResource.Properties.AccessLogSettings as { Format: string }).Format) as Record<string, string>;
    expect(format).toMatchObject({ route: '$context.routeKey', connectionId: '$context.connectionId', status: '$context.status' });
  });

  it("puts every client app's key on a usage plan of the socket's stage", () => {
    const planId = resourcesOfType(api, 'AWS::ApiGateway::UsagePlan').find(([, plan]) => JSON.stringify(plan.Properties.ApiStages).includes(logicalIdOf(socket.api)))![0];
    const keys = resourcesOfType(api, 'AWS::ApiGateway::UsagePlanKey').filter(([, key]) => JSON.stringify(key.Properties.UsagePlanId) === JSON.stringify({ Ref: planId }));
    expect(keys).toHaveLength(Object.keys(app.clientApps ?? {}).length);
  });

  it('lets API Gateway invoke each socket function only from this API', () => {
    for (const fn of socketFunctions(app.socket)) {
      api.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [logicalIdOf(stacks.api.socketFunctions[fn.id]!.function), 'Arn'] },
        SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':execute-api:'), apiRef])] },
      });
    }
  });

  it("tells the posting consumer the stage's connections endpoint, and the authorizer the user pool's tokens", () => {
    const environment = (id: string) => (resourceAt(api, id).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const consumer = environment(logicalIdOf(stacks.api.consumers.live!.handler.function));
    expect(JSON.stringify(consumer.SOCKET_CONNECTIONS_ENDPOINT)).toContain(`"https://",{"Ref":"${logicalIdOf(socket.api)}"}`);
    expect(JSON.stringify(consumer.SOCKET_CONNECTIONS_ENDPOINT)).toContain(`/${config.stage}`);
    const authorizer = environment(functionOf('authorizer'));
    // The user pool lives in the stateful stack: its provider URL and client id arrive as its outputs.
    expect(JSON.stringify(authorizer.ID_TOKEN_ISSUER)).toContain('Fn::GetStackOutput');
    expect(JSON.stringify(authorizer.ID_TOKEN_AUDIENCE)).toContain('Fn::GetStackOutput');
    expect(JSON.stringify(authorizer.ID_TOKEN_JWKS_URL)).toContain('/.well-known/jwks.json');
  });

  it("tells each function the per-user bound it enforces, from the stage's configuration", () => {
    const environment = (id: string) => (resourceAt(api, id).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(environment(functionOf('$connect')).MAX_CONNECTIONS_PER_USER).toBe(String(config.socket.maxConnectionsPerUser));
    expect(environment(functionOf('$default')).MAX_CLIENT_MESSAGES_PER_USER_PER_MINUTE).toBe(String(config.socket.maxClientMessagesPerUserPerMinute));
    expect(environment(logicalIdOf(stacks.api.consumers.live!.handler.function)).MAX_PUSHES_PER_USER_PER_MINUTE).toBe(String(config.socket.maxPushesPerUserPerMinute));
  });

  it('outputs the URL clients connect to as LiveUrl', () => {
    const outputs = api.findOutputs('LiveUrl');
    expect(Object.keys(outputs)).toHaveLength(1);
    expect(JSON.stringify(Object.values(outputs)[0]!.Value)).toMatch(/"wss:\/\/",\{"Ref":"[^"]+"\},".execute-api\./);
  });

  it("gives the live consumer its own queue with a dead-letter queue, an alarm, and a filter policy on exactly the pushed event types", () => {
    const queues = stacks.stateful.consumerQueues.live!;
    templates.stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Endpoint: { 'Fn::GetAtt': [logicalIdOf(queues.queue), 'Arn'] },
      FilterPolicy: { type: ['OrderConfirmed', 'OrderRejected', 'OrderCancelled', 'NotificationCreated'] },
    });
    templates.stateful.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(queues.deadLetterQueue), 'Arn'] }, maxReceiveCount: 5 },
    });
    const alarms = resourcesOfType(api, 'AWS::CloudWatch::Alarm').filter(([, alarm]) => JSON.stringify(alarm.Properties).includes('live dead-letter queue') || JSON.stringify(alarm.Properties.Dimensions ?? alarm.Properties.Metrics ?? '').includes(logicalIdOf(queues.deadLetterQueue)));
    expect(alarms.length).toBeGreaterThan(0);
  });
});
