import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AssetHashType, DefaultStackSynthesizer, DockerImage, Stack, Validations } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { WebAppConfig } from '../../clients/web/src/web-config';
import { WEB_CACHE_CONTROL } from '../web-security-headers';
import { WEB_APP_PATH } from './web-hosting';

export interface WebAppDeploymentProps {
  /** The web app's project (clients/web): built with Vite when the stack is synthesized for deployment. */
  readonly appDirectory: string;
  readonly bucket: s3.IBucket;
  readonly distribution: cloudfront.IDistribution;
  /** The API's invoke URL (the stage's). */
  readonly apiUrl: string;
  /** The web client app's API key: its value is read at deploy time and written into config.json. */
  readonly apiKey: apigateway.IApiKey;
  /** The WebSocket stage's URL, for live events; without it the app polls. */
  readonly liveUrl?: string;
  readonly signIn: WebAppConfig['signIn'];
}

/**
 * Uploads the built app and its config.json: first the content-hashed assets (cached for a year,
 * and old ones kept, so a tab still on the previous index.html loads), then index.html and
 * config.json (revalidated on every load), then invalidates those two at the edge.
 */
export class WebAppDeployment extends Construct {
  constructor(scope: Construct, id: string, props: WebAppDeploymentProps) {
    super(scope, id);
    const build = new s3assets.Asset(this, 'Build', {
      path: props.appDirectory,
      exclude: ['node_modules', 'dist', '.dist-*'],
      // The build also depends on the client package it is built on: hash what it produced.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never used: the local build below always succeeds or throws.
        image: DockerImage.fromRegistry('node:20'),
        local: { tryBundle: (outputDir) => buildWithVite(props.appDirectory, outputDir) },
      },
    });
    const built = s3deploy.Source.bucket(build.bucket, build.s3ObjectKey);
    const prefix = WEB_APP_PATH.slice(1);

    const assets = new s3deploy.BucketDeployment(this, 'Assets', {
      sources: [built],
      destinationBucket: props.bucket,
      destinationKeyPrefix: prefix,
      exclude: ['*'],
      include: ['assets/*.js', 'assets/*.css'],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(WEB_CACHE_CONTROL.immutable)],
      memoryLimit: 512,
    });

    const apiKeyValue = new cr.AwsCustomResource(this, 'ApiKeyValue', {
      onUpdate: {
        service: 'APIGateway',
        action: 'getApiKey',
        parameters: { apiKey: props.apiKey.keyId, includeValue: true },
        physicalResourceId: cr.PhysicalResourceId.of(props.apiKey.keyId),
        outputPaths: ['value'],
      },
      // API Gateway's IAM actions are HTTP verbs on resource paths (not apigateway:GetApiKey, which
      // fromSdkCalls would derive and IAM would never match): reading this one key is a GET on it.
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['apigateway:GET'],
          resources: [`arn:${Stack.of(this).partition}:apigateway:${Stack.of(this).region}::/apikeys/${props.apiKey.keyId}`],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    const config: WebAppConfig = {
      apiUrl: props.apiUrl,
      apiKey: apiKeyValue.getResponseField('value'),
      ...(props.liveUrl ? { liveUrl: props.liveUrl } : {}),
      signIn: props.signIn,
    };

    const entry = new s3deploy.BucketDeployment(this, 'Entry', {
      sources: [built, s3deploy.Source.jsonData('config.json', config)],
      destinationBucket: props.bucket,
      destinationKeyPrefix: prefix,
      exclude: ['*'],
      include: ['index.html', 'config.json'],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(WEB_CACHE_CONTROL.revalidate)],
      distribution: props.distribution,
      distributionPaths: [WEB_APP_PATH, `${WEB_APP_PATH}index.html`, `${WEB_APP_PATH}config.json`],
      memoryLimit: 512,
    });
    entry.node.addDependency(assets);
    acknowledgeProviderFindings(Stack.of(this), props.bucket);
  }
}

/** Runs Vite with the app's own config (clients/web/vite.config.ts) into CDK's asset directory. */
const buildWithVite = (appDirectory: string, outputDir: string): boolean => {
  const vitePackage = createRequire(path.join(appDirectory, 'package.json')).resolve('vite/package.json');
  const vite = path.join(path.dirname(vitePackage), 'bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(appDirectory, 'vite.config.ts'), '--outDir', outputDir, '--emptyOutDir'], {
    cwd: appDirectory,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`The web app's build failed (vite exited with ${result.status ?? result.signal})`);
  return true;
};

/**
 * The stack-wide singleton functions CDK adds for BucketDeployment and AwsCustomResource: their
 * code, runtime and policies are CDK's, not ours. Each gets exactly the findings it raises.
 */
const acknowledgeProviderFindings = (stack: Stack, bucket: s3.IBucket): void => {
  const logs = { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: "CDK's own deployment function, with the AWS managed basic execution role for its logs." };
  const noDlq = { id: 'Serverless-LambdaDLQ', reason: 'Invoked by CloudFormation as a custom resource: a failure fails the deployment, there is no event to park.' };
  const noTracing = { id: 'Serverless-LambdaTracing', reason: "A deployment-time function of CDK's: nothing to trace." };
  const copies = "CDK's deployment function copies whole prefixes from the asset bucket to the web app's bucket (CDK's own grantRead/grantReadWrite wildcards).";
  const copyWildcards = [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    `Resource::arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>/*`,
    `Resource::${JSON.stringify(stack.resolve(bucket.bucketArn))}/*`,
  ];
  for (const child of stack.node.children) {
    if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
      Validations.of(child).acknowledge(
        logs,
        noDlq,
        noTracing,
        ...copyWildcards.map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: copies })),
        { id: 'AwsSolutions-IAM5[Resource::*]', reason: "cloudfront:CreateInvalidation, which CDK's deployment function grants on every distribution." },
        { id: 'AwsSolutions-L1', reason: 'CDK pins the runtime of its deployment function; it moves with aws-cdk-lib upgrades.' },
        { id: 'Serverless-LambdaLatestVersion', reason: 'CDK pins the runtime of its deployment function; it moves with aws-cdk-lib upgrades.' },
      );
    } else if (/^AWS[0-9a-f]{32}$/.test(child.node.id)) {
      Validations.of(child).acknowledge(logs, noDlq, noTracing, { id: 'Serverless-LambdaDefaultMemorySize', reason: "AwsCustomResource's function, which makes one API call per deployment." });
    }
  }
};
