import { Aws, CfnOutput, CrossStackReferences, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { WebHosting, WEB_APP_PATH } from '../constructs/web-hosting';
import { WebSignIn } from '../constructs/web-sign-in';

/** The web stack's output holding the bucket's ARN. */
export const WEB_BUCKET_ARN_OUTPUT = 'WebAppBucketArn';

export interface WebStackProps extends StackProps {
  readonly config: StageConfig;
  /** The application's name, for the hosted UI's domain prefix. */
  readonly applicationName: string;
  readonly userPool: cognito.IUserPool;
}

/**
 * Where the web app is served from and how its users sign in: the bucket and distribution, the
 * hosted UI's domain and the app's Cognito client. It holds no reference to the API, so the API
 * stack can take its origin (CORS) and the web content stack everything else.
 */
export class WebStack extends Stack {
  readonly hosting: WebHosting;
  readonly signIn: WebSignIn;
  /** `https://<distribution>.cloudfront.net/app/` */
  readonly appUrl: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    CrossStackReferences.of(this).consume(props.config.crossStackReferences === 'both' ? ReferenceStrength.BOTH : ReferenceStrength.WEAK);
    const region = Aws.REGION;
    this.hosting = new WebHosting(this, 'Hosting', {
      // The API's invoke URL is the API stack's, deployed after this one: any of this region's APIs may be named here.
      // wss: for live events (the WebSocket API), which the app opens when config.json names it.
      connectOrigins: [`https://*.execute-api.${region}.amazonaws.com`, `wss://*.execute-api.${region}.amazonaws.com`, `https://cognito-idp.${region}.amazonaws.com`, `https://*.auth.${region}.amazoncognito.com`],
      logRetentionDays: props.config.logRetentionDays,
      destroyWithStack: !props.config.retainData,
    });
    this.appUrl = `${this.hosting.origin}${WEB_APP_PATH}`;
    this.signIn = new WebSignIn(this, 'SignIn', {
      userPool: props.userPool,
      // Unique per account and stage; Cognito's prefixes may not contain "aws" or "cognito".
      domainPrefix: `${props.applicationName.toLowerCase()}-${props.config.stage}-${Aws.ACCOUNT_ID}`,
      appUrl: this.appUrl,
    });
    new CfnOutput(this, 'WebAppUrl', { value: this.appUrl, description: 'Open the web app here' });
    // Read by name (web-content-stack.ts), so that the deployment's grants name a stable resource.
    new CfnOutput(this, WEB_BUCKET_ARN_OUTPUT, { value: this.hosting.bucket.bucketArn, description: "The web app's bucket" });
  }
}
