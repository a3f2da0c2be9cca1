import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { stageConfig } from '../../lib/config';
import { LambdaFunction } from '../../lib/constructs/lambda-function';
import { repoRoot } from '../../lib/paths';
import { scheduledJobs } from '../../lib/scheduled-jobs';
import { createApplication } from '../../lib/stacks/application';
import { outboxOwners, socketFunctions } from '../../lib/declaration';
import { STAGES, synthesize } from './synth';
import { logicalIdOf } from './template';

const packs = (): NagPack[] => [new AwsSolutionsChecks(), new ServerlessChecks()];

/** Every unacknowledged finding under `scope`, as `RuleId at construct/path`. */
const findings = (scope: IConstruct): string[] =>
  packs().flatMap((pack) =>
    pack.validateScope(scope).violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
    ),
  );

/** Every acknowledgement in the tree, as `RuleId` (one entry per construct it is made on). */
const acknowledgements = (scope: IConstruct): string[] =>
  scope.node
    .findAll()
    .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((entry) => Object.keys(entry.data as Record<string, string>).map((id) => id.replace(/^annotation::/i, '')));

const unbundled = (): App => new App({ context: { 'aws:cdk:bundling-stacks': [] } });

describe('cdk-nag', () => {
  // The first call synthesizes the whole stage: on a busy two-core machine that alone can pass 20 s.
  it.each(STAGES)('reports no unacknowledged AwsSolutions or Serverless finding in %s', (stage) => {
    expect(findings(synthesize(stage).app)).toEqual([]);
  }, 120_000);

  it.each(STAGES)('acknowledges only the findings we have reasons for, in %s', (stage) => {
    const counts = acknowledgements(synthesize(stage).app).reduce<Record<string, number>>(
      (total, id) => ({ ...total, [id]: (total[id] ?? 0) + 1 }),
      {},
    );
    const relays = outboxOwners(app).length;
    const jobs = scheduledJobs(app, stageConfig(stage)).length;
    const functions = app.routes.length + socketFunctions(app.socket).length + relays + app.consumers.length + jobs;
    const { socket } = synthesize(stage).stacks.api;
    const publicRoutes = app.routes.filter((route) => route.auth === 'none').length;
    // Each consumer's queue and its subscription have a dead-letter queue, each relay an on-failure queue.
    const deadLetterQueues = 2 * app.consumers.length + relays;
    // CDK's two deployment functions in the web content stack: BucketDeployment's and AwsCustomResource's.
    const cdkFunctions = 2;
    const webBucketArn = JSON.stringify({ 'Fn::GetStackOutput': { StackName: synthesize(stage).stacks.web.stackName, OutputName: 'WebAppBucketArn' } });
    expect(counts).toEqual({
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]': 1,
      'AwsSolutions-COG2': 1,
      // Threat protection is a Plus feature: dev is on Essentials (StageConfig.cognito).
      ...(stage === 'dev' ? { 'AwsSolutions-COG8': 1 } : {}),
      // The access log format has a variable API Gateway quotes itself, written bare (lib/constructs/api.ts).
      'Serverless-APIGWStructuredLogging': 1,
      'AwsSolutions-SQS3': deadLetterQueues,
      'Serverless-SQSRedrivePolicy': deadLetterQueues,
      // WAF is on in prod only (StageConfig.waf).
      ...(stage === 'dev' ? { 'AwsSolutions-APIG3': 1 } : {}),
      // Functions validate requests themselves, naming each refused field (lib/constructs/api.ts).
      'AwsSolutions-APIG2': 1,
      // The socket authorizes a connection once, at $connect: $disconnect and $default have no authorizer (lib/constructs/socket-api.ts).
      'AwsSolutions-APIG4': publicRoutes + (socket ? 2 : 0),
      // Connection ids are known at run time only: ManageConnections on the socket's stage (lib/constructs/socket-api.ts),
      // for each consumer and job that posts to it.
      ...(socket
        ? {
            [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${logicalIdOf(socket.api)}>/${stage}/*/@connections/*]`]:
              app.consumers.filter((consumer) => consumer.postsToSocket).length + app.jobs.filter((job) => job.postsToSocket).length,
          }
        : {}),
      'AwsSolutions-COG4': publicRoutes,
      'Serverless-LambdaDLQ': functions + cdkFunctions,
      'Serverless-LambdaEventSourceMappingDestination': app.consumers.length,
      // A scheduled run carries no data to park (lib/constructs/scheduled-job.ts).
      'Serverless-EventBusDLQ': jobs,
      'Serverless-LambdaAsyncFailureDestination': jobs,
      // prod deployments name the alarms' subscriber (lib/constructs/alarm-subscriber.ts).
      ...(stage === 'prod' ? { 'Serverless-SNSRedrivePolicy': 1 } : {}),
      // The relays' dynamodb:ListStreams, plus X-Ray writes on every function where tracing is on.
      // ... and the deployment function's cloudfront:CreateInvalidation (lib/constructs/web-app-deployment.ts).
      'AwsSolutions-IAM5[Resource::*]': (stage === 'prod' ? functions + relays : relays) + 1,
      'Serverless-LambdaTracing': (stage === 'dev' ? functions : 0) + cdkFunctions,
      ...(stage === 'dev' ? { 'Serverless-APIGWXrayEnabled': 1 } : {}),
      // The web stack (lib/constructs/web-hosting.ts): the log bucket logs nothing of its own; no geo
      // restriction, no CloudFront web ACL, no custom domain yet.
      'AwsSolutions-S1': 1,
      // CDK's own, on the log bucket that S3 server access logs are written to (an ACL-based grant it sets up).
      'CloudFormation-Validate::W3045': 1,
      'AwsSolutions-CFR1': 1,
      'AwsSolutions-CFR2': 1,
      'AwsSolutions-CFR4': 1,
      // CDK's deployment functions (lib/constructs/web-app-deployment.ts).
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': cdkFunctions,
      ...Object.fromEntries(
        [
          'Action::s3:GetObject*',
          'Action::s3:GetBucket*',
          'Action::s3:List*',
          'Action::s3:DeleteObject*',
          'Action::s3:Abort*',
          'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
          `Resource::${webBucketArn}/*`,
        ].map((finding) => [`AwsSolutions-IAM5[${finding}]`, 1]),
      ),
      'AwsSolutions-L1': 1,
      'Serverless-LambdaLatestVersion': 1,
      'Serverless-LambdaDefaultMemorySize': 1,
    });
  });

  it('reports a deliberately insecure queue', () => {
    const throwaway = unbundled();
    new sqs.Queue(new Stack(throwaway, 'Throwaway'), 'PlainQueue');
    expect(findings(throwaway)).toEqual(
      expect.arrayContaining([
        'AwsSolutions-SQS3 at Throwaway/PlainQueue/Resource',
        'AwsSolutions-SQS4 at Throwaway/PlainQueue/Resource',
        'Serverless-SQSRedrivePolicy at Throwaway/PlainQueue/Resource',
      ]),
    );
  });

  it('still reports a wildcard resource added to one of our functions: its acknowledgements are narrow', () => {
    const throwaway = unbundled();
    const fn = new LambdaFunction(new Stack(throwaway, 'Throwaway'), 'Fn', {
      entry: `${repoRoot}/lambdas/api/handlers/get-health.ts`,
      projectRoot: repoRoot,
      invocation: 'api',
      memorySize: 256,
      tracing: false,
    });
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::some-bucket/*'] }));
    expect(findings(throwaway)).toEqual(['AwsSolutions-IAM5[Resource::arn:aws:s3:::some-bucket/*] at Throwaway/Fn/Role/DefaultPolicy/Resource']);
  });

  it('fails synthesis when the packs are registered as bin/app.ts registers them and a finding is not acknowledged', () => {
    const throwaway = unbundled();
    new sqs.Queue(new Stack(throwaway, 'Throwaway'), 'PlainQueue');
    Validations.of(throwaway).addPlugins(new AwsSolutionsChecks(throwaway), new ServerlessChecks(throwaway));
    expect(() => throwaway.synth()).toThrow(/AwsSolutions-SQS4/);
  });

  it('lets the application synthesize with the packs registered as bin/app.ts registers them', () => {
    const application = unbundled();
    createApplication(application, stageConfig('prod'));
    Validations.of(application).addPlugins(new AwsSolutionsChecks(application), new ServerlessChecks(application));
    expect(() => application.synth()).not.toThrow();
  });
});
