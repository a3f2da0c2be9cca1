import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { contentSecurityPolicy } from '../web-security-headers';

export interface WebHostingProps {
  /** Origins the app calls besides its own (the API, Cognito), for the content security policy's connect-src. */
  readonly connectOrigins: readonly string[];
  /** How long CloudFront's and S3's access logs are kept. */
  readonly logRetentionDays: number;
  /**
   * Delete the buckets (and their objects) with the stack.
   * @default false - retained
   */
  readonly destroyWithStack?: boolean;
}

/** Where the app lives in the bucket and under the distribution: the same path as locally. */
export const WEB_APP_PATH = '/app/';

/**
 * Sends `/` and `/app` to `/app/`, and a directory (`/app/`) to its index.html: S3 behind origin
 * access control has no website endpoint to do either.
 */
const VIEWER_REQUEST = `function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '${WEB_APP_PATH.slice(0, -1)}') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '${WEB_APP_PATH}' } } };
  }
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

/**
 * A private S3 bucket served only through CloudFront with origin access control (no public
 * access, TLS only), the app's security headers on every response (lib/web-security-headers.ts),
 * and access logs of both in a log bucket.
 */
export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`: the origin the API must allow. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const destroy = props.destroyWithStack ?? false;
    const removal = { removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN, autoDeleteObjects: destroy };

    const logs = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL granting the bucket owner control.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      ...removal,
    });
    Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This is the log bucket of the web app bucket and its distribution: logging its own accesses would log the logging.' });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      ...removal,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'The web app: content security policy and the other security headers (lib/web-security-headers.ts)',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy({ connect: props.connectOrigins }), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${Stack.of(this).stackName}: the web app`,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'AppPaths', {
              code: cloudfront.FunctionCode.fromInline(VIEWER_REQUEST),
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              comment: 'Redirects / to /app/ and serves index.html for /app/',
            }),
          },
        ],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'The shop sells everywhere: no geographic restriction.' },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'The distribution serves static files only (GET and HEAD, no origin but S3); the API, which takes input, has its own regional web ACL (StageConfig.waf). A CloudFront web ACL would have to live in us-east-1.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: "No custom domain yet: the distribution's default *.cloudfront.net certificate cannot pin a minimum TLS version. With a custom domain, set minimumProtocolVersion TLSv1.2_2021.",
      },
    );
  }
}
