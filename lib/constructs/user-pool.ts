import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface UserPoolProps {
  /**
   * Keep the pool when the stack is deleted and turn on deletion protection: a replaced pool
   * means every user signs up again.
   * @default true
   */
  readonly retain?: boolean;
  /**
   * The group whose members the handlers treat as administrators (`cognito:groups` claim).
   * @default 'admin'
   */
  readonly adminGroupName?: string;
  /**
   * Whether anyone may create an account. The API's users create their own profile after
   * signing up (POST /v1/users with their token), so sign-up is open; emails are verified.
   * @default true
   */
  readonly selfSignUp?: boolean;
}

/**
 * The Cognito user pool that signs callers in: email as the user name (verified), a strong
 * password policy, optional TOTP MFA, the Plus feature plan with full threat protection, an
 * `admin` group, and one public app client (no secret) for the API's clients and the CLI.
 */
export class UserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly adminGroupName: string;

  constructor(scope: Construct, id: string, props: UserPoolProps = {}) {
    super(scope, id);
    const retain = props.retain ?? true;
    this.adminGroupName = props.adminGroupName ?? 'admin';

    this.userPool = new cognito.UserPool(this, 'Pool', {
      selfSignUpEnabled: props.selfSignUp ?? true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus: compromised-credential detection and adaptive authentication on every sign-in.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is OPTIONAL (TOTP) rather than REQUIRED so that the documented CLI sign-in (USER_PASSWORD_AUTH) works for every user; the Plus plan\'s full-function threat protection challenges or blocks risky sign-ins and compromised passwords.',
    });

    new cognito.CfnUserPoolGroup(this, 'AdminGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: this.adminGroupName,
      description: 'Administrators: may create products and read any user or order.',
    });

    this.client = this.userPool.addClient('AppClient', {
      // A public client: browsers, mobile apps and the CLI cannot keep a secret.
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      // No hosted UI yet: no OAuth flows and no callback URLs to keep safe.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
