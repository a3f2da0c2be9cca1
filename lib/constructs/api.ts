import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AccessLogFieldName } from '../access-log';
import { GATEWAY_PROBLEMS, gatewayProblemBody, type GatewayResponseType } from '../gateway-responses';

const F = apigateway.AccessLogField;

/** One JSON object per request: who (ip, sub, client app's key), what (method, path, route), how it went. */
export const ACCESS_LOG_FIELDS = {
  requestId: F.contextRequestId(),
  ip: F.contextIdentitySourceIp(),
  sub: F.contextAuthorizerClaims('sub'),
  apiKeyId: F.contextIdentityApiKeyId(),
  requestTime: F.contextRequestTime(),
  method: F.contextHttpMethod(),
  path: F.contextPath(),
  route: F.contextResourcePath(),
  protocol: F.contextProtocol(),
  status: F.contextStatus(),
  latency: F.contextResponseLatency(),
  integrationLatency: F.contextIntegrationLatency(),
  responseLength: F.contextResponseLength(),
  // The message can quote what the client sent: API Gateway's own quoted and escaped variant.
  error: F.contextErrorMessageString(),
  xrayTraceId: F.contextXrayTraceId(),
} as const satisfies Record<AccessLogFieldName, string>;

/** Variables API Gateway substitutes as a JSON string, quotes included: written bare in the format. */
export const QUOTED_BY_API_GATEWAY: ReadonlySet<string> = new Set([F.contextErrorMessageString()]);

/**
 * The stage's access log format: one JSON object whose values are the fields' variables, each in
 * quotes unless API Gateway quotes it itself (a quoted variable in quotes would break the JSON).
 */
const accessLogFormat = (fields: Readonly<Record<string, string>> = ACCESS_LOG_FIELDS): string =>
  `{${Object.entries(fields)
    .map(([name, variable]) => `${JSON.stringify(name)}:${QUOTED_BY_API_GATEWAY.has(variable) ? variable : JSON.stringify(variable)}`)
    .join(',')}}`;

/** Steady requests per second and the burst above it. */
interface ThrottleSettings {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

interface ApiRoute {
  /** Becomes the method's operation name. */
  readonly id: string;
  readonly method: string;
  /** The full path, version included: `/v1/users/{id}`. */
  readonly path: string;
  /** `cognito` requires a valid token from the user pool; `none` is public. */
  readonly authorization: 'cognito' | 'none';
  /** Why the route may be called without a token. Required when `authorization` is `none`. */
  readonly publicBecause?: string;
  /**
   * Whether the gateway requires a client app's API key (`x-api-key`).
   * @default true
   */
  readonly apiKeyRequired?: boolean;
  /**
   * Method-level throttling, for all callers together.
   * @default - only the stage's throttling
   */
  readonly throttle?: ThrottleSettings;
  readonly handler: lambda.IFunction;
}

/** A client app's usage plan: its API key, its throttle and its daily quota. */
export interface ApiUsagePlan {
  /** The client app's name, e.g. `web`: the key of `Api.usagePlans`. */
  readonly name: string;
  /** Construct id of the plan, e.g. `WebUsagePlan`. */
  readonly id: string;
  readonly description: string;
  readonly apiKey: apigateway.IApiKey;
  readonly throttle: ThrottleSettings;
  readonly quotaPerDay: number;
}

/** Cross-origin rules for browsers. */
interface ApiCors {
  /** Allowed origins; never `*`. */
  readonly allowOrigins: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  /**
   * @default - no Access-Control-Max-Age (the browser's default)
   */
  readonly maxAge?: Duration;
}

export interface ApiProps {
  /**
   * The REST API's name. API Gateway's CloudWatch metrics are keyed by name and stage, not id,
   * so it must be unique in the account and region per stage: any other API of that name would
   * feed this one's metrics and alarms.
   */
  readonly restApiName: string;
  /** The deployment stage's name (the stage name of the app: `dev`, `prod`). */
  readonly stageName: string;
  /** The pool whose tokens the authorizer accepts. */
  readonly userPool: cognito.IUserPool;
  readonly routes: readonly ApiRoute[];
  /** Stage-wide throttling: steady requests per second and burst. */
  readonly throttle: ThrottleSettings;
  /**
   * One usage plan per client app, each with its API key, on this API's stage.
   * @default - no usage plans (then no route can require an API key)
   */
  readonly usagePlans?: readonly ApiUsagePlan[];
  /**
   * Answer CORS preflights on every route's resource, allowing that resource's methods.
   * @default - no CORS: browsers on other origins cannot call the API
   */
  readonly cors?: ApiCors;
  /**
   * X-Ray tracing on the stage.
   * @default true
   */
  readonly tracing?: boolean;
  /**
   * Retention of the access log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Execution logging level for every method. Request and response bodies are never logged.
   * @default apigateway.MethodLoggingLevel.ERROR
   */
  readonly loggingLevel?: apigateway.MethodLoggingLevel;
  /**
   * @default - no description
   */
  readonly description?: string;
}

/**
 * The REST API every client calls: a regional endpoint, one Lambda proxy integration per route,
 * a Cognito user-pool authorizer on every route that is not explicitly public, an API key per
 * client app on its own usage plan (throttle and daily quota), stage-wide and per-method
 * throttling, CORS preflights for the allowed origins, JSON access logs and execution logging
 * (bodies never logged).
 *
 * Logging to CloudWatch needs the account's API Gateway CloudWatch role (`ApiGatewayAccount`),
 * which this construct deliberately does not create: it is one setting per account and region.
 */
export class Api extends Construct {
  readonly restApi: apigateway.RestApi;
  readonly accessLogGroup: logs.LogGroup;
  /** Where API Gateway writes the stage's execution logs (the name is API Gateway's). */
  readonly executionLogGroup: logs.LogGroup;
  readonly authorizer: apigateway.CognitoUserPoolsAuthorizer;
  /** Each route's method, by route id. */
  readonly methods: Readonly<Record<string, apigateway.Method>>;
  /** Each client app's usage plan, by client app name. */
  readonly usagePlans: Readonly<Record<string, apigateway.UsagePlan>>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const tracing = props.tracing ?? true;
    const loggingLevel = props.loggingLevel ?? apigateway.MethodLoggingLevel.ERROR;
    if (props.routes.some((route) => route.apiKeyRequired ?? true) && !props.usagePlans?.length) {
      throw new Error('Routes require an API key but the API has no usage plan to issue one');
    }
    if (props.cors?.allowOrigins.includes('*')) throw new Error('CORS allowOrigins must name origins, never *');

    // A method-level setting replaces the stage-level one for that method, so it repeats the logging settings.
    const methodOptions: Record<string, apigateway.MethodDeploymentOptions> = {};
    for (const route of props.routes) {
      if (!route.throttle) continue;
      methodOptions[`${route.path}/${route.method}`] = {
        throttlingRateLimit: route.throttle.rateLimit,
        throttlingBurstLimit: route.throttle.burstLimit,
        loggingLevel,
        dataTraceEnabled: false,
        metricsEnabled: true,
      };
    }

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      restApiName: props.restApiName,
      description: props.description,
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // The account-level CloudWatch role is managed once per account (see ApiGatewayAccount).
      cloudWatchRole: false,
      deployOptions: {
        stageName: props.stageName,
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.custom(accessLogFormat()),
        loggingLevel,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: tracing,
        methodOptions,
      },
    });

    // API Gateway writes execution logs to a group of this exact name, creating it on first use
    // with no retention, outside any stack. Created here first (the stage waits for it), it has
    // the stage's retention and goes with the stack.
    this.executionLogGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.restApi.restApiId}/${props.stageName}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.restApi.deploymentStage.node.addDependency(this.executionLogGroup);

    this.authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
    });

    // No request validator and no body models: API Gateway's validator reports a refused body as
    // one `validationErrorString`, never which field is wrong, so every function validates its own
    // body and answers 400 with a JSON Pointer per field (the models stay in the OpenAPI document).
    // The gateway still refuses, before any function runs, what it can refuse without losing
    // information: no token or API key, no route, a body over 10 MB.
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason: 'Every function validates its request (body, query, path, headers) and names each refused field; the gateway validator cannot say which field is wrong.',
    });

    const methods: Record<string, apigateway.Method> = {};
    for (const route of props.routes) {
      if (methods[route.id]) throw new Error(`Duplicate route id ${route.id}`);
      const resource = this.restApi.root.resourceForPath(route.path);
      const integration = new apigateway.LambdaIntegration(route.handler, { allowTestInvoke: false });
      if (route.authorization === 'cognito') {
        methods[route.id] = resource.addMethod(route.method, integration, {
          operationName: route.id,
          authorizer: this.authorizer,
          authorizationType: apigateway.AuthorizationType.COGNITO,
          apiKeyRequired: route.apiKeyRequired ?? true,
        });
        continue;
      }
      if (!route.publicBecause) throw new Error(`Route ${route.id} is public: say why in publicBecause`);
      const method = resource.addMethod(route.method, integration, {
        operationName: route.id,
        authorizationType: apigateway.AuthorizationType.NONE,
        apiKeyRequired: route.apiKeyRequired ?? true,
      });
      Validations.of(method).acknowledge(
        { id: 'AwsSolutions-APIG4', reason: route.publicBecause },
        { id: 'AwsSolutions-COG4', reason: route.publicBecause },
      );
      methods[route.id] = method;
    }
    this.methods = methods;

    if (props.cors && props.cors.allowOrigins.length > 0) {
      const cors = props.cors;
      const methodsByPath = new Map<string, string[]>();
      for (const route of props.routes) methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
      // One preflight per route's resource, allowing exactly the methods routed there (never an API key or a token).
      for (const [path, routeMethods] of methodsByPath) {
        this.restApi.root.resourceForPath(path).addCorsPreflight({
          allowOrigins: [...cors.allowOrigins],
          allowMethods: [...routeMethods, 'OPTIONS'],
          allowHeaders: [...cors.allowHeaders],
          exposeHeaders: [...cors.exposeHeaders],
          maxAge: cors.maxAge,
        });
      }
    }

    const usagePlans: Record<string, apigateway.UsagePlan> = {};
    for (const plan of props.usagePlans ?? []) {
      const usagePlan = this.restApi.addUsagePlan(plan.id, {
        description: plan.description,
        throttle: { rateLimit: plan.throttle.rateLimit, burstLimit: plan.throttle.burstLimit },
        quota: { limit: plan.quotaPerDay, period: apigateway.Period.DAY },
        apiStages: [{ api: this.restApi, stage: this.restApi.deploymentStage }],
      });
      usagePlan.addApiKey(plan.apiKey);
      usagePlans[plan.name] = usagePlan;
    }
    this.usagePlans = usagePlans;

    // The gateway's own refusals in the handlers' problem+json shape. Browsers only show code a
    // response that carries CORS headers, so these carry them too (a gateway response can set
    // only static headers: it names the stage's first origin).
    const corsOrigin = props.cors?.allowOrigins[0];
    const corsHeaders: Record<string, string> = corsOrigin
      ? {
          'Access-Control-Allow-Origin': `'${corsOrigin}'`,
          'Access-Control-Expose-Headers': `'${props.cors!.exposeHeaders.join(',')}'`,
          Vary: "'Origin'",
        }
      : {};
    for (const [type, problem] of Object.entries(GATEWAY_PROBLEMS) as [GatewayResponseType, (typeof GATEWAY_PROBLEMS)[GatewayResponseType]][]) {
      this.restApi.addGatewayResponse(`GatewayResponse${pascalCase(type)}`, {
        type: apigateway.ResponseType.of(type),
        statusCode: problem.status === undefined ? undefined : String(problem.status),
        responseHeaders: {
          'Content-Type': "'application/problem+json'",
          ...corsHeaders,
          ...Object.fromEntries(Object.entries(problem.headers ?? {}).map(([name, value]) => [name, `'${value}'`])),
        },
        templates: { 'application/json': JSON.stringify(gatewayProblemBody(problem)) },
      });
    }

    Validations.of(this.restApi.deploymentStage).acknowledge({
      id: 'Serverless-APIGWStructuredLogging',
      reason:
        'The access log format is JSON once API Gateway has substituted its variables: $context.error.messageString is written bare because API Gateway quotes and escapes it itself (quoting it again would break every line with an error). The check parses the unsubstituted format text.',
    });

    if (!tracing) {
      Validations.of(this.restApi.deploymentStage).acknowledge({
        id: 'Serverless-APIGWXrayEnabled',
        reason: 'X-Ray tracing is a stage switch (StageConfig.tracing): off in dev to save cost, on in prod.',
      });
    }
  }
}

/** `MISSING_AUTHENTICATION_TOKEN` -> `MissingAuthenticationToken`, for construct ids. */
const pascalCase = (constant: string): string =>
  constant
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
