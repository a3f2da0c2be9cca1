import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApiGatewayAccount } from '../constructs/api-gateway-account';

/**
 * Account-level API Gateway settings, shared by every stage deployed to the same account and
 * region (hence no stage in its name): deploying it again from another stage changes nothing.
 */
export class ApiGatewayAccountStack extends Stack {
  readonly settings: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.settings = new ApiGatewayAccount(this, 'ApiGatewayAccount');
  }
}
