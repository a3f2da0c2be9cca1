import { CrossStackReferences, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApiGatewayAccount, ApiGatewayCloudWatchRole } from '../constructs/api-gateway-account';

/**
 * The role of {@link ApiGatewayAccountStack}, in a stack of its own: a fresh account can refuse
 * the account setting for a role created seconds earlier (IAM is eventually consistent), and a
 * stack boundary puts a whole CloudFormation change set between the two. Shared by every stage
 * of the account and region, protected from termination: `cdk destroy` of a stage never takes it.
 */
export class ApiGatewayCloudWatchRoleStack extends Stack {
  readonly cloudWatchRole: ApiGatewayCloudWatchRole;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    this.cloudWatchRole = new ApiGatewayCloudWatchRole(this, 'CloudWatchRole');
  }
}

export interface ApiGatewayAccountStackProps extends StackProps {
  readonly role: ApiGatewayCloudWatchRoleStack;
}

/**
 * Account-level API Gateway settings, shared by every stage deployed to the same account and
 * region (hence no stage in its name, and no stage tag): deploying it again from another stage
 * changes nothing. Protected from termination like its role.
 */
export class ApiGatewayAccountStack extends Stack {
  readonly settings: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    // Reads the role's ARN from its stack's outputs (set before any child: it is context).
    CrossStackReferences.of(this).consume(ReferenceStrength.WEAK);
    this.settings = new ApiGatewayAccount(this, 'ApiGatewayAccount', { cloudWatchRole: props.role.cloudWatchRole.role });
  }
}
