import { Annotations, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** A verified Amazon SES identity that Cognito sends its e-mails from. */
interface UserPoolSesEmail {
  /** The sender address; it, or its domain (`sesVerifiedDomain`), is verified in SES. */
  readonly fromEmail: string;
  /** @default - no display name */
  readonly fromName?: string;
  /** @default - replies go to `fromEmail` */
  readonly replyTo?: string;
  /** The SES region of the identity: one Cognito supports for SES sending. */
  readonly sesRegion: string;
  /** @default - the identity is the address itself */
  readonly sesVerifiedDomain?: string;
}

/** What a sign-in of each risk level meets under threat protection (Plus). */
export const ACCOUNT_TAKEOVER_ACTIONS = {
  low: 'NO_ACTION',
  // A second factor for anyone who has one.
  medium: 'MFA_IF_CONFIGURED',
  // A second factor, and a block for anyone who has none.
  high: 'MFA_REQUIRED',
} as const;

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
  /**
   * Cognito's feature plan. `plus` adds threat protection (compromised credentials, adaptive
   * authentication), billed per monthly active user; `essentials` has none.
   * @default 'plus'
   */
  readonly featurePlan?: 'essentials' | 'plus';
  /**
   * Send verification and password-reset e-mails through SES.
   * @default - Cognito's default sender (a small daily quota, fine for development only)
   */
  readonly email?: UserPoolSesEmail;
  /**
   * Warn at synth when no SES identity is configured (for stages with real users).
   * @default false
   */
  readonly warnWithoutSes?: boolean;
}

/**
 * The Cognito user pool that signs callers in: email as the user name (verified), a strong
 * password policy, optional TOTP MFA, an `admin` group, and one public app client (no secret)
 * with 15-minute tokens. On the Plus plan, threat protection is on in full-function mode with its
 * risk responses declared ({@link ACCOUNT_TAKEOVER_ACTIONS}, compromised passwords blocked).
 */
export class UserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly adminGroupName: string;
  /** The declared threat-protection responses (Plus only). */
  readonly riskConfiguration?: cognito.CfnUserPoolRiskConfigurationAttachment;

  constructor(scope: Construct, id: string, props: UserPoolProps = {}) {
    super(scope, id);
    const retain = props.retain ?? true;
    const plus = (props.featurePlan ?? 'plus') === 'plus';
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
      email: props.email ? cognito.UserPoolEmail.withSES(props.email) : undefined,
      featurePlan: plus ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: plus ? cognito.StandardThreatProtectionMode.FULL_FUNCTION : undefined,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is OPTIONAL (TOTP) rather than REQUIRED: Cognito cannot require it for one group, and requiring it of every shopper is not wanted. Administrators enroll TOTP when they are made admins (README), and on the Plus plan a high-risk sign-in without a second factor is blocked.',
    });
    if (!plus) {
      const reason =
        'Essentials feature plan (a development stage): threat protection is a Plus feature, billed per active user, that no one needs where there are no real users.';
      Validations.of(this.userPool).acknowledge({ id: 'AwsSolutions-COG8', reason });
    }
    if (!props.email && props.warnWithoutSes) {
      Annotations.of(this.userPool).addWarningV2(
        'serverless-gateway-events:cognitoDefaultEmail',
        "No SES identity for the user pool's e-mails: Cognito's default sender allows only a few messages a day, so sign-ups and password resets fail once it is used up. Set the stage's cognito.email to a verified SES identity.",
      );
    }

    if (plus) {
      this.riskConfiguration = new cognito.CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
        userPoolId: this.userPool.userPoolId,
        clientId: 'ALL',
        accountTakeoverRiskConfiguration: {
          // No notification e-mails: they need their own SES templates, and the user sees the challenge or block.
          actions: {
            lowAction: { eventAction: ACCOUNT_TAKEOVER_ACTIONS.low, notify: false },
            mediumAction: { eventAction: ACCOUNT_TAKEOVER_ACTIONS.medium, notify: false },
            highAction: { eventAction: ACCOUNT_TAKEOVER_ACTIONS.high, notify: false },
          },
        },
        compromisedCredentialsRiskConfiguration: {
          actions: { eventAction: 'BLOCK' },
          eventFilter: ['SIGN_IN', 'SIGN_UP', 'PASSWORD_CHANGE'],
        },
      });
    }

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
      // The authorizer checks id tokens without asking Cognito, so a revoked or signed-out
      // session (an admin's included: lifetimes are per client, not per group) stays usable until
      // its token expires. 15 minutes bounds that; clients refresh silently.
      idTokenValidity: Duration.minutes(15),
      accessTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
