/** The web stacks: the app's private bucket behind CloudFront, its sign-in, and what is deployed into it. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { WEB_CACHE_CONTROL } from '../../lib/web-security-headers';
import { STAGES, synthesize } from './synth';
import { logicalIdOf, resourcesOfType } from './template';

interface ViewerRequest {
  uri: string;
}
type ViewerResult = ViewerRequest | { statusCode: number; headers: Record<string, { value: string }> };

describe.each(STAGES)('the web app in %s', (stage) => {
  const { config, stacks, templates } = synthesize(stage);
  const { web, webContent } = templates;
  const distribution = () => resourcesOfType(web, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig as Record<string, unknown>;

  it('keeps the app in a bucket nobody reads but CloudFront, over TLS only', () => {
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.anyValue(),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/' }),
    });
    const bucket = logicalIdOf(stacks.web.hosting.bucket);
    const policy = resourcesOfType(web, 'AWS::S3::BucketPolicy').find(([, resource]) => JSON.stringify(resource.Properties.Bucket) === JSON.stringify({ Ref: bucket }));
    const statements = (policy![1].Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    const reads = allows.filter((statement) => JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'cloudfront.amazonaws.com' }));
    expect(reads).toEqual([expect.objectContaining({ Action: 's3:GetObject', Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } } })]);
    expect(JSON.stringify(reads[0]!.Condition)).toContain(logicalIdOf(stacks.web.hosting.distribution));
    // Besides CloudFront, only the dev stage's bucket emptier (it deletes the objects with the stack).
    expect(allows.length - reads.length).toBe(config.retainData ? 0 : 1);
    for (const allow of allows) expect(JSON.stringify(allow.Principal)).not.toMatch(/"\*"/);
  });

  it('serves it only through origin access control, over HTTPS, with access logs', () => {
    const config = distribution();
    const [origin] = config.Origins as Record<string, unknown>[];
    expect(origin).toMatchObject({ OriginAccessControlId: expect.anything(), S3OriginConfig: { OriginAccessIdentity: '' } });
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], ResponseHeadersPolicyId: expect.anything() });
    expect(config.Logging).toMatchObject({ Prefix: 'cloudfront/' });
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }) });
  });

  it('sends the security headers, with a content security policy that allows scripts from the app only', () => {
    const [, policy] = resourcesOfType(web, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    const headers = (policy.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> }).SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy!.ContentSecurityPolicy);
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", 'execute-api.', 'wss://*.execute-api.', 'amazoncognito.com']) expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe-inline');
    expect(headers).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
    });
  });

  it('redirects / and /app to /app/ and serves index.html for /app/, at the edge', () => {
    const [, fn] = resourcesOfType(web, 'AWS::CloudFront::Function')[0]!;
    const handler = new Function(`${fn.Properties.FunctionCode as string}; return handler;`)() as (event: { request: ViewerRequest }) => ViewerResult;
    const viewerRequest = (uri: string): ViewerResult => handler({ request: { uri } });
    expect(viewerRequest('/')).toMatchObject({ statusCode: 301, headers: { location: { value: '/app/' } } });
    expect(viewerRequest('/app')).toMatchObject({ statusCode: 301, headers: { location: { value: '/app/' } } });
    expect(viewerRequest('/app/')).toEqual({ uri: '/app/index.html' });
    expect(viewerRequest('/app/assets/index-abc.js')).toEqual({ uri: '/app/assets/index-abc.js' });
    expect(distribution().DefaultCacheBehavior).toMatchObject({ FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: expect.anything() }] });
  });

  it('signs users in through the hosted UI with the authorization code grant only, back to the app itself', () => {
    const appUrl = stacks.web.resolve(stacks.web.appUrl);
    web.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [appUrl],
      LogoutURLs: [appUrl],
      SupportedIdentityProviders: ['COGNITO'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
    web.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it("makes the app's origin the API's first allowed origin, in the gateway and in every function that answers CORS", () => {
    expect(stacks.api.corsAllowOrigins).toEqual([stacks.web.hosting.origin, ...config.corsAllowOrigins]);
    const getProducts = templates.api.toJSON().Resources[logicalIdOf(stacks.api.routeFunctions.listProducts!.function)] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
    expect(getProducts.Properties.Environment.Variables.CORS_ALLOW_ORIGINS).toEqual(stacks.api.resolve(stacks.api.corsAllowOrigins.join(',')));
    expect(stacks.api.dependencies).toContain(stacks.web);
  });

  it('deploys hashed assets for a year and index.html and config.json for no time at all, then invalidates those', () => {
    const deployments = resourcesOfType(webContent, 'Custom::CDKBucketDeployment').map(([, resource]) => resource.Properties);
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((deployment) => JSON.stringify(deployment.Include) === JSON.stringify(['assets/*.js', 'assets/*.css']));
    const entry = deployments.find((deployment) => JSON.stringify(deployment.Include) === JSON.stringify(['index.html', 'config.json']));
    expect(assets).toMatchObject({ Exclude: ['*'], DestinationBucketKeyPrefix: 'app/', Prune: false, SystemMetadata: { 'cache-control': WEB_CACHE_CONTROL.immutable } });
    expect(assets!.DistributionId).toBeUndefined();
    expect(entry).toMatchObject({ Exclude: ['*'], DestinationBucketKeyPrefix: 'app/', Prune: false, SystemMetadata: { 'cache-control': WEB_CACHE_CONTROL.revalidate }, DistributionPaths: ['/app/', '/app/index.html', '/app/config.json'] });
    expect(entry!.DistributionId).toBeDefined();
    expect(entry!.SourceObjectKeys).toHaveLength(2);
    expect(stacks.webContent.dependencies).toEqual(expect.arrayContaining([stacks.web, stacks.api]));
  });

  it("writes config.json with the stage's API, the web app's API key and Cognito sign-in", () => {
    const [, entry] = resourcesOfType(webContent, 'Custom::CDKBucketDeployment').find(([, resource]) => JSON.stringify(resource.Properties.Include).includes('config.json'))!;
    // config.json's deploy-time values, resolved by the deployment function.
    const markers = JSON.stringify(entry.Properties.SourceMarkers);
    expect(markers).toContain(`"StackName":"${stacks.api.stackName}"`);
    // The live events' WebSocket API, so that the app opens it instead of polling.
    expect(markers).toContain('"OutputName":"PublishOutputRefSocketApi');
    expect(markers).toContain(`"StackName":"${stacks.stateful.stackName}"`);
    expect(markers).toContain(`"Fn::GetAtt":["${logicalIdOf(stacks.webContent.node.findChild('App').node.findChild('ApiKeyValue').node.findChild('Resource'))}","value"]`);
    const calls = resourcesOfType(webContent, 'Custom::AWS');
    expect(calls).toHaveLength(1);
    // Read on create and on every update, so a replaced key reaches config.json.
    for (const phase of ['Create', 'Update']) {
      const call = JSON.stringify(calls[0]![1].Properties[phase]);
      expect(call).toContain('\\"action\\":\\"getApiKey\\"');
      expect(call).toContain('\\"includeValue\\":true');
      expect(call).toContain('PublishOutputRefWebApiKey');
    }
    expect(app.clientApps?.web).toBeDefined();
  });

  it("lets the API key reader read the web app's key only", () => {
    const policies = resourcesOfType(webContent, 'AWS::IAM::Policy').map(([, resource]) => resource.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] });
    const reader = policies.flatMap((policy) => policy.Statement).filter((statement) => JSON.stringify(statement.Resource).includes('/apikeys/'));
    expect(reader).toEqual([expect.objectContaining({ Action: 'apigateway:GET' })]);
    expect(JSON.stringify(reader[0]!.Resource)).toContain('WebApiKey');
  });
});
