import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface StageWebAclProps {
  /** ARN of the API Gateway stage to protect (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`). */
  readonly stageArn: string;
  /** Requests one client IP may send in any 5 minutes before the rate rule blocks it (AWS minimum: 100). */
  readonly requestsPerIpPer5Minutes: number;
  /** Prefix of the metric names, so several stages' metrics stay apart. */
  readonly metricPrefix: string;
}

/**
 * A regional AWS WAF web ACL on one API stage: AWS's managed common rule set (OWASP-style
 * request inspection) and known-bad-inputs rule set, and a rate-based rule per client IP that
 * blocks floods before they reach the authorizer, the usage plans or a function. Allows by
 * default: the API's own authentication decides who is served.
 */
export class StageWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: StageWebAclProps) {
    super(scope, id);
    if (props.requestsPerIpPer5Minutes < 100) throw new Error('WAF rate-based rules need a limit of at least 100 requests per 5 minutes');
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.metricPrefix}${name}`,
    });
    const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      overrideAction: { none: {} },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('WebAcl'),
      rules: [
        {
          // First: a flood is blocked before the managed rules spend their capacity on it.
          name: 'RatePerIp',
          priority: 0,
          statement: { rateBasedStatement: { limit: props.requestsPerIpPer5Minutes, aggregateKeyType: 'IP' } },
          action: { block: {} },
          visibilityConfig: visibility('RatePerIp'),
        },
        managed('AWSManagedRulesCommonRuleSet', 1),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', { resourceArn: props.stageArn, webAclArn: this.webAcl.attrArn });
  }
}
