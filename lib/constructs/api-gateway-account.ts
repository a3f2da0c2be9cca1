import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

const PUSH_TO_CLOUDWATCH_POLICY = 'service-role/AmazonAPIGatewayPushToCloudWatchLogs';

/**
 * The account's API Gateway settings: the role API Gateway uses to write every REST API's
 * access and execution logs in this account and region. It is one setting per account and
 * region, not per API or stage, so it lives in its own construct (and stack) rather than in each
 * `Api`: two stages creating it would overwrite each other, and deleting one stage would take
 * the role the other still uses. The role is always retained for the same reason.
 */
export class ApiGatewayAccount extends Construct {
  readonly cloudWatchRole: iam.Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.cloudWatchRole = new iam.Role(this, 'CloudWatchRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(PUSH_TO_CLOUDWATCH_POLICY)],
    });
    this.cloudWatchRole.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(this.cloudWatchRole).acknowledge({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${PUSH_TO_CLOUDWATCH_POLICY}]`,
      reason:
        'The account-wide role API Gateway assumes to write the logs of every REST API in the account and region, including the execution-log groups it creates itself; AWS documents and maintains this managed policy for exactly that role.',
    });

    const account = new apigateway.CfnAccount(this, 'Account', { cloudWatchRoleArn: this.cloudWatchRole.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
