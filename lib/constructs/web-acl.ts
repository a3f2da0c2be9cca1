import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { MAX_BODY_BYTES } from '../../lambdas/shared/http/request';
import { RATE_WINDOW_SECONDS, WAF_PROBLEMS, wafProblemBody, type WafBlockingRule } from '../waf-responses';

export interface StageWebAclProps {
  /** ARN of the API Gateway stage to protect (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`). */
  readonly stageArn: string;
  /** Requests one client IP may send in any 5 minutes before the rate rule blocks it (AWS minimum: 100). */
  readonly requestsPerIpPer5Minutes: number;
  /** Prefix of the metric names, so several stages' metrics stay apart. */
  readonly metricPrefix: string;
}

/**
 * Rules of the AWS managed common rule set that contradict the API's contract, so they only
 * count: `SizeRestrictions_BODY` blocks bodies over 8 KB where the API accepts 64 KB (the
 * `BodyOverLimit` rule enforces that limit instead), and `NoUserAgent_HEADER` blocks any request
 * without a User-Agent, which the API does not require (SDKs and CLIs may omit it).
 */
export const COUNTED_COMMON_RULES = ['SizeRestrictions_BODY', 'NoUserAgent_HEADER'] as const;

/**
 * A regional AWS WAF web ACL on one API stage: a rate-based rule per client IP (429 with
 * `Retry-After`), a body size rule at the API's documented limit (413), AWS's managed common rule
 * set (OWASP-style request inspection, minus the rules in {@link COUNTED_COMMON_RULES}) and
 * known-bad-inputs rule set. Its own blocks answer in problem+json (lib/waf-responses.ts); the
 * managed groups' blocks get the API's WAF_FILTERED gateway response. Allows by default: the
 * API's own authentication decides who is served.
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
    const blockWithProblem = (rule: WafBlockingRule): wafv2.CfnWebACL.RuleActionProperty => {
      const headers = Object.entries(WAF_PROBLEMS[rule].headers ?? {}).map(([name, value]) => ({ name, value }));
      return {
        block: {
          customResponse: {
            responseCode: wafProblemBody(WAF_PROBLEMS[rule]).status,
            customResponseBodyKey: rule,
            // CloudFormation refuses an empty list.
            responseHeaders: headers.length > 0 ? headers : undefined,
          },
        },
      };
    };

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('WebAcl'),
      customResponseBodies: Object.fromEntries(
        Object.entries(WAF_PROBLEMS).map(([rule, problem]) => [rule, { contentType: 'APPLICATION_JSON', content: JSON.stringify(wafProblemBody(problem)) }]),
      ),
      // API Gateway forwards 16 KB of a body by default; the managed rules and the size rule see
      // the whole of any body the API accepts (an extra WAF charge per request above 16 KB).
      associationConfig: { requestBody: { API_GATEWAY: { defaultSizeInspectionLimit: 'KB_64' } } },
      rules: [
        {
          // First: a flood is blocked before the managed rules spend their capacity on it.
          name: 'RatePerIp',
          priority: 0,
          statement: {
            rateBasedStatement: { limit: props.requestsPerIpPer5Minutes, aggregateKeyType: 'IP', evaluationWindowSec: RATE_WINDOW_SECONDS },
          },
          action: blockWithProblem('RatePerIp'),
          visibilityConfig: visibility('RatePerIp'),
        },
        {
          // A body past the inspection limit (64 KB) is "oversize": it matches, as any body over the API's limit should.
          name: 'BodyOverLimit',
          priority: 1,
          statement: {
            sizeConstraintStatement: {
              fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
              comparisonOperator: 'GT',
              size: MAX_BODY_BYTES,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          action: blockWithProblem('BodyOverLimit'),
          visibilityConfig: visibility('BodyOverLimit'),
        },
        managed('AWSManagedRulesCommonRuleSet', 2, visibility, COUNTED_COMMON_RULES),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 3, visibility),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', { resourceArn: props.stageArn, webAclArn: this.webAcl.attrArn });
  }
}

const managed = (
  name: string,
  priority: number,
  visibility: (name: string) => wafv2.CfnWebACL.VisibilityConfigProperty,
  counted: readonly string[] = [],
): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      ruleActionOverrides: counted.length ? counted.map((rule) => ({ name: rule, actionToUse: { count: {} } })) : undefined,
    },
  },
  overrideAction: { none: {} },
  visibilityConfig: visibility(name),
});
