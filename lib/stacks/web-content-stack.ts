import { CrossStackReferences, Fn, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { WebAppDeployment } from '../constructs/web-app-deployment';
import { WEB_BUCKET_ARN_OUTPUT, type WebStack } from './web-stack';

export interface WebContentStackProps extends StackProps {
  readonly config: StageConfig;
  readonly web: WebStack;
  /** The stage's invoke URL. */
  readonly apiUrl: string;
  readonly apiKey: apigateway.IApiKey;
  /** The WebSocket stage's URL (wss://…/<stage>), when the app declares a socket. */
  readonly liveUrl?: string;
  /** The web app's project directory (clients/web). */
  readonly appDirectory: string;
}

/** The built web app and its config.json (the API's URL and key, Cognito's ids), deployed last: it names all three stacks' resources. */
export class WebContentStack extends Stack {
  constructor(scope: Construct, id: string, props: WebContentStackProps) {
    super(scope, id, props);
    CrossStackReferences.of(this).consume(props.config.crossStackReferences === 'both' ? ReferenceStrength.BOTH : ReferenceStrength.WEAK);
    const { hosting, signIn } = props.web;
    // By its output's name rather than a generated reference: the deployment function's grants on
    // the bucket then read the same in every synth, and cdk-nag's acknowledgement can name them.
    const bucket = s3.Bucket.fromBucketArn(this, 'WebAppBucket', Fn.getStackOutput(props.web.stackName, WEB_BUCKET_ARN_OUTPUT));
    this.addStackDependency(props.web, 'reads the bucket by its output');
    new WebAppDeployment(this, 'App', {
      appDirectory: props.appDirectory,
      bucket,
      distribution: hosting.distribution,
      apiUrl: props.apiUrl,
      apiKey: props.apiKey,
      ...(props.liveUrl ? { liveUrl: props.liveUrl } : {}),
      signIn: { mode: 'cognito', authority: signIn.authority, clientId: signIn.client.userPoolClientId, domain: signIn.domainUrl },
    });
  }
}
