import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface WebSignInProps {
  readonly userPool: cognito.IUserPool;
  /** The hosted UI's domain prefix, unique in the region (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
  /** The app's URL: where Cognito sends the user back after signing in or out. */
  readonly appUrl: string;
}

/**
 * Sign-in for the web app through the Cognito hosted UI: a domain for it, and a public app client
 * (no secret: a browser cannot keep one) that allows only the authorization code grant, so a
 * browser must use PKCE, and only the app's own URL as its callback and sign-out URL.
 */
export class WebSignIn extends Construct {
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  readonly domainUrl: string;
  /** The user pool's OpenID issuer, whose discovery document names the endpoints. */
  readonly authority: string;

  constructor(scope: Construct, id: string, props: WebSignInProps) {
    super(scope, id);
    this.domain = new cognito.UserPoolDomain(this, 'Domain', { userPool: props.userPool, cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.domainUrl = this.domain.baseUrl();
    this.authority = `https://cognito-idp.${Stack.of(this).region}.${Aws.URL_SUFFIX}/${props.userPool.userPoolId}`;
    this.client = new cognito.UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [props.appUrl],
        logoutUrls: [props.appUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // As the user pool's own client (lib/constructs/user-pool.ts says why 15 minutes).
      idTokenValidity: Duration.minutes(15),
      accessTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
