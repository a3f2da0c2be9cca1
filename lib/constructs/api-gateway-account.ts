import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

const PUSH_TO_CLOUDWATCH_POLICY = 'service-role/AmazonAPIGatewayPushToCloudWatchLogs';

/**
 * The role API Gateway uses to write every REST API's access and execution logs in this account
 * and region. It is one setting per account and region, not per API or stage, so it lives in its
 * own construct (and stack) rather than in each `Api`: two stages creating it would overwrite each
 * other, and deleting one stage would take the role the other still uses. Always retained for the
 * same reason.
 */
export class ApiGatewayCloudWatchRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(PUSH_TO_CLOUDWATCH_POLICY)],
    });
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${PUSH_TO_CLOUDWATCH_POLICY}]`,
      reason:
        'The account-wide role API Gateway assumes to write the logs of every REST API in the account and region, including the execution-log groups it creates itself; AWS documents and maintains this managed policy for exactly that role.',
    });
  }
}

export interface ApiGatewayAccountProps {
  /** The role API Gateway assumes to write logs ({@link ApiGatewayCloudWatchRole}). */
  readonly cloudWatchRole: iam.IRole;
}

/** The account's API Gateway settings: which role writes the logs. Retained, like the role. */
export class ApiGatewayAccount extends Construct {
  readonly account: apigateway.CfnAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountProps) {
    super(scope, id);
    this.account = new apigateway.CfnAccount(this, 'Account', { cloudWatchRoleArn: props.cloudWatchRole.roleArn });
    this.account.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
