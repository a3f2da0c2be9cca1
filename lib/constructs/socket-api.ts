import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { SocketRouteKey, Throttle } from '../declaration';

export interface SocketApiProps {
  readonly apiName: string;
  readonly stageName: string;
  readonly description: string;
  /** The $connect authorizer: reads the `token` and `apiKey` query parameters. */
  readonly authorizer: lambda.IFunction;
  /** Each route's function; `$default`'s return value is sent back to the client (a route response). */
  readonly routes: Readonly<Record<SocketRouteKey, lambda.IFunction>>;
  /** The stage's throttle on what clients send (connects and messages together). */
  readonly throttle: Throttle;
  /** The client apps' API keys: a connection must name one (`apiKey`), as a REST request does. */
  readonly apiKeys: readonly apigateway.IApiKey[];
  /**
   * Retention of the stage's access log.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** The routes that run after $connect: the connection was authorized once, when it opened. */
const AUTHORIZED_AT_CONNECT: readonly SocketRouteKey[] = ['$disconnect', '$default'];

/**
 * An API Gateway WebSocket API and its stage: $connect behind a Lambda authorizer (the id token
 * and the client app's API key from the query string, since browsers cannot set headers on a
 * WebSocket), $disconnect, and $default answering with a route response; throttled, with a JSON
 * access log. Whoever posts to its connections is granted that with `grantManageConnections`.
 */
export class SocketApi extends Construct {
  readonly api: apigwv2.WebSocketApi;
  readonly stage: apigwv2.WebSocketStage;
  readonly accessLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SocketApiProps) {
    super(scope, id);
    const integration = (route: SocketRouteKey) => new WebSocketLambdaIntegration(`${route.slice(1)}Integration`, props.routes[route]);
    this.api = new apigwv2.WebSocketApi(this, 'Api', {
      apiName: props.apiName,
      description: props.description,
      // The authorizer hands the query string's apiKey over; API Gateway checks it against the usage plan.
      apiKeySelectionExpression: apigwv2.WebSocketApiKeySelectionExpression.AUTHORIZER_USAGE_IDENTIFIER_KEY,
      connectRouteOptions: {
        integration: integration('$connect'),
        // Without either parameter API Gateway answers 401 before invoking the authorizer.
        authorizer: new WebSocketLambdaAuthorizer('Authorizer', props.authorizer, {
          identitySource: ['route.request.querystring.token', 'route.request.querystring.apiKey'],
        }),
      },
      disconnectRouteOptions: { integration: integration('$disconnect') },
      defaultRouteOptions: { integration: integration('$default'), returnResponse: true },
    });
    const connect = this.api.node.findChild('$connect-Route').node.defaultChild as apigwv2.CfnRoute;
    connect.apiKeyRequired = true;

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.stage = new apigwv2.WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: props.stageName,
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            sub: '$context.authorizer.principalId',
            apiKeyId: '$context.identity.apiKeyId',
            requestTime: '$context.requestTime',
            eventType: '$context.eventType',
            route: '$context.routeKey',
            connectionId: '$context.connectionId',
            status: '$context.status',
            integrationLatency: '$context.integrationLatency',
            error: '$context.error.messageString',
          }),
        ),
      },
    });

    const plan = new apigateway.CfnUsagePlan(this, 'UsagePlan', {
      description: `${props.apiName}: the client apps' keys on the socket`,
      apiStages: [{ apiId: this.api.apiId, stage: this.stage.stageName, throttle: undefined }],
      throttle: props.throttle,
    });
    plan.node.addDependency(this.stage);
    props.apiKeys.forEach((key, index) => {
      new apigateway.CfnUsagePlanKey(this, `UsagePlanKey${index}`, { keyId: key.keyId, keyType: 'API_KEY', usagePlanId: plan.ref });
    });

    for (const route of AUTHORIZED_AT_CONNECT) {
      Validations.of(this.api.node.findChild(`${route}-Route`)).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `A WebSocket API authorizes a connection once, at $connect (Lambda authorizer on the id token); ${route} runs on that authorized connection and cannot have an authorizer of its own.`,
      });
    }
  }

  /** execute-api:ManageConnections on this API's stage only: posting to and closing its connections. */
  grantManageConnections(grantee: iam.IGrantable): iam.Grant {
    const grant = this.stage.grantManagementApiAccess(grantee);
    const policy = grantee.grantPrincipal instanceof iam.Role ? grantee.grantPrincipal.node.tryFindChild('DefaultPolicy') : undefined;
    if (policy) {
      const apiId = Stack.of(this).getLogicalId(this.api.node.defaultChild as apigwv2.CfnApi);
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiId}>/${this.stage.stageName}/*/@connections/*]`,
        reason: 'Connection ids are only known at run time: the grant is every connection of this one API and stage, and only ManageConnections.',
      });
    }
    return grant;
  }
}
