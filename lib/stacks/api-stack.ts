import * as path from 'node:path';
import { CfnOutput, CrossStackReferences, Duration, ReferenceStrength, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';
import {
  fullPath,
  outboxOwners,
  requiresApiKey,
  routeThrottle,
  socketFunctions,
  tablesOf,
  type ApplicationDeclaration,
  type ClientAppDeclaration,
  type ClientAppName,
  type RouteDeclaration,
  type OutboxOwner,
  type SocketRouteKey,
  type TableAccess,
} from '../declaration';
import {
  consumerIdentity,
  functionEnvironment,
  relayIdentity,
  routeIdentity,
  socketIdentity,
  type FunctionIdentity,
  type ResourceNames,
} from '../environment';
import { Api, type ApiUsagePlan } from '../constructs/api';
import { StageWebAcl } from '../constructs/web-acl';
import { Consumer } from '../constructs/consumer';
import { LambdaFunction, type LambdaFunctionProps } from '../constructs/lambda-function';
import { SocketApi } from '../constructs/socket-api';
import { Monitoring } from '../constructs/monitoring';
import { OutboxRelay } from '../constructs/outbox-relay';
import type { ScheduledJob } from '../constructs/scheduled-job';
import { scheduledJobs } from '../scheduled-jobs';
import { createScheduledJobs } from './scheduled-jobs';
import { addFailureAlarms } from './failure-alarms-wiring';
import { METRICS_NAMESPACE } from '../../lambdas/shared/metric-names';
import { businessMetricsOf, monitoredServices } from './monitored-services';
import { logRetention, pascal, removalPolicy } from './stage-settings';
import type { StatefulStack } from './stateful-stack';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly declaration: ApplicationDeclaration;
  /** The tables, user pool, topic and queues the functions use. */
  readonly stateful: StatefulStack;
  /** The repository root: handler paths in the declaration are relative to it. */
  readonly projectRoot: string;
  /**
   * The web app's origin (the web stack's distribution), allowed first: the gateway's own error
   * responses can carry only one origin, and the web app is the browser client.
   * @default - the stage's corsAllowOrigins only
   */
  readonly webOrigin?: string;
}

/**
 * The code: the REST API with one function per route, one outbox relay per table, one
 * function per consumer. Every function's access comes from the declaration; this stack only
 * composes, so adding a route, consumer or table is a change to lib/app.ts alone.
 */
export class ApiStack extends Stack {
  readonly api: Api;
  /** By route id. */
  readonly routeFunctions: Readonly<Record<string, LambdaFunction>>;
  /** By service (one relay per table with an outbox). */
  readonly relays: Readonly<Record<OutboxOwner, OutboxRelay>>;
  /** By consumer name. */
  readonly consumers: Readonly<Record<string, Consumer>>;
  /** The WebSocket API, when a service declares a socket. */
  readonly socket?: SocketApi;
  /** The socket's functions, by id (`liveConnect`...). */
  readonly socketFunctions: Readonly<Record<string, LambdaFunction>>;
  /** The alarm topic, the alarms and the dashboard of this stage. */
  readonly monitoring: Monitoring;
  /** By job name: the outbox sweepers and the services' declared jobs (lib/scheduled-jobs.ts). */
  readonly jobs: Readonly<Record<string, ScheduledJob>>;
  /** The browser origins the API allows (CORS): the web app's, then the stage's. */
  readonly corsAllowOrigins: readonly string[];

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { declaration, stateful, projectRoot } = props;
    this.corsAllowOrigins = [...(props.webOrigin === undefined ? [] : [props.webOrigin]), ...props.config.corsAllowOrigins];
    // The functions echo an allowed origin themselves (CORS_ALLOW_ORIGINS): they get the same list.
    const config: StageConfig = { ...props.config, corsAllowOrigins: this.corsAllowOrigins };
    // Reads the stateful stack's outputs at deploy time instead of importing its exports, so that
    // stack can drop or replace a table, queue or stream without waiting for this one (set before
    // any child: it is context). The stack dependency, hence the deploy order, stays.
    CrossStackReferences.of(this).consume(config.crossStackReferences === 'both' ? ReferenceStrength.BOTH : ReferenceStrength.WEAK);

    const providerUrl = stateful.userPool.userPool.userPoolProviderUrl;
    let names: ResourceNames = {
      tables: mapRecord(stateful.tables, (table) => table.table.tableName),
      topicArn: stateful.bus.topic.topicArn,
      idTokens: { issuer: providerUrl, audience: stateful.userPool.client.userPoolClientId, jwksUrl: `${providerUrl}/.well-known/jwks.json` },
    };
    const functionProps = (
      identity: FunctionIdentity,
      handler: string,
      settings: { memoryMb: number | undefined; timeoutSeconds: number; description: string },
    ): Omit<LambdaFunctionProps, 'invocation'> => ({
      entry: path.join(projectRoot, handler),
      projectRoot,
      description: settings.description,
      memorySize: settings.memoryMb ?? config.memoryMb,
      timeout: Duration.seconds(settings.timeoutSeconds),
      environment: functionEnvironment(identity, names, config),
      logRetention: logRetention(config),
      logRemovalPolicy: removalPolicy(config),
      tracing: config.tracing,
    });
    const grantAccess = (grantee: iam.IGrantable, access: TableAccess): void => {
      for (const [service, operations] of tablesOf(access)) stateful.tables[service].grant(grantee, operations);
    };

    const routesScope = new Construct(this, 'Routes');
    const routeFunctions: Record<string, LambdaFunction> = {};
    for (const route of declaration.routes) {
      const fn = new LambdaFunction(routesScope, route.id, {
        ...functionProps(routeIdentity(route, declaration), route.handler, {
          memoryMb: route.memoryMb,
          timeoutSeconds: route.timeoutSeconds ?? config.routeTimeoutSeconds,
          description: `${route.method} ${fullPath(route)}: ${route.summary}`,
        }),
        invocation: 'api',
      });
      grantAccess(fn, route.access);
      routeFunctions[route.id] = fn;
    }
    this.routeFunctions = routeFunctions;

    this.api = new Api(this, 'Api', {
      restApiName: `${declaration.name}-${config.stage}`,
      stageName: config.stage,
      description: `${declaration.name} (${config.stage})`,
      userPool: stateful.userPool.userPool,
      throttle: config.throttle,
      tracing: config.tracing,
      logRetention: logRetention(config),
      logRemovalPolicy: removalPolicy(config),
      routes: declaration.routes.map((route) => ({
        id: route.id,
        method: route.method,
        path: fullPath(route),
        authorization: route.auth === 'user' ? 'cognito' : 'none',
        publicBecause: route.auth === 'none' ? publicBecause(route) : undefined,
        apiKeyRequired: requiresApiKey(route),
        throttle: routeThrottle(route, declaration),
        handler: routeFunctions[route.id]!.function,
      })),
      usagePlans: (Object.entries(declaration.clientApps ?? {}) as [ClientAppName, ClientAppDeclaration][]).map(
        ([name, clientApp]): ApiUsagePlan => ({
          name,
          id: `${pascal(name)}UsagePlan`,
          description: clientApp.description,
          apiKey: apiKeyOf(stateful.apiKeys, name),
          throttle: clientApp.usagePlan,
          quotaPerDay: clientApp.usagePlan.quotaPerDay,
        }),
      ),
      cors: declaration.cors && {
        allowOrigins: config.corsAllowOrigins,
        allowHeaders: declaration.cors.allowHeaders,
        exposeHeaders: declaration.cors.exposeHeaders,
        maxAge: declaration.cors.maxAgeSeconds === undefined ? undefined : Duration.seconds(declaration.cors.maxAgeSeconds),
      },
    });

    const stage = this.api.restApi.deploymentStage;
    if (config.waf.enabled) {
      new StageWebAcl(this, 'WebAcl', {
        stageArn: stage.stageArn,
        requestsPerIpPer5Minutes: config.waf.requestsPerIpPer5Minutes,
        metricPrefix: `${declaration.name}-${config.stage}-`,
      });
    } else {
      Validations.of(stage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason: `WAF is off for stage ${config.stage} (StageConfig.waf, or -c waf=false): the stage is protected by its throttle, the client apps' usage plans and the Cognito authorizer.`,
      });
    }

    const { relay } = declaration;
    this.relays = Object.fromEntries(
      outboxOwners(declaration).map((service) => [
        service,
        new OutboxRelay(this, `${pascal(service)}Relay`, {
          table: stateful.tables[service].table,
          bus: stateful.bus,
          onFailureQueue: stateful.relayFailureQueues[service],
          function: functionProps(relayIdentity(service), relay.handler, {
            memoryMb: relay.memoryMb,
            timeoutSeconds: relay.timeoutSeconds,
            description: `Publishes the ${service} table's outbox items to the domain-events topic`,
          }),
          filterPattern: relay.filterPattern,
          batchSize: relay.batchSize,
          maxBatchingWindow: Duration.seconds(relay.maxBatchingWindowSeconds),
          retryAttempts: relay.retryAttempts,
          maxRecordAge: Duration.seconds(relay.maxRecordAgeSeconds),
        }),
      ]),
    ) as Record<OutboxOwner, OutboxRelay>;
    for (const [service, created] of Object.entries(this.relays) as [OutboxOwner, OutboxRelay][]) stateful.tables[service].grantOutboxMark(created);

    const socketScope = new Construct(this, 'Socket');
    const socketLambdas: Record<string, LambdaFunction> = {};
    for (const fn of socketFunctions(declaration.socket)) {
      const created = new LambdaFunction(socketScope, fn.id, {
        ...functionProps(socketIdentity(fn, config), fn.handler, {
          memoryMb: fn.memoryMb,
          timeoutSeconds: fn.timeoutSeconds ?? config.routeTimeoutSeconds,
          description: fn.role === 'authorizer' ? `Authorizes a connection to the ${fn.service} socket` : `${fn.role} of the ${fn.service} socket`,
        }),
        invocation: 'api',
      });
      grantAccess(created, fn.access);
      socketLambdas[fn.id] = created;
    }
    this.socketFunctions = socketLambdas;
    if (declaration.socket) {
      const byRole = Object.fromEntries(socketFunctions(declaration.socket).map((fn) => [fn.role, socketLambdas[fn.id]!.function]));
      this.socket = new SocketApi(this, 'SocketApi', {
        apiName: `${declaration.name}-${config.stage}-${declaration.socket.service}`,
        stageName: config.stage,
        description: `${declaration.name} (${config.stage}): ${declaration.socket.summary}`,
        authorizer: byRole.authorizer!,
        routes: byRole as Record<SocketRouteKey, LambdaFunction['function']>,
        throttle: config.socket.throttle,
        apiKeys: Object.values(stateful.apiKeys),
        logRetention: logRetention(config),
        logRemovalPolicy: removalPolicy(config),
      });
      names = { ...names, socketConnectionsEndpoint: this.socket.stage.callbackUrl };
      new CfnOutput(this, 'LiveUrl', { value: this.socket.stage.url, description: 'The WebSocket endpoint clients connect to (?token=<id token>&apiKey=<client app key>)' });
    }

    // After the socket: a job that closes its connections is told the socket's endpoint.
    const jobs = scheduledJobs(declaration, config);
    this.jobs = createScheduledJobs(this, jobs, { ...stateful, socket: this.socket }, functionProps);

    const consumers: Record<string, Consumer> = {};
    for (const consumer of declaration.consumers) {
      const queues = stateful.consumerQueues[consumer.name];
      if (!queues) throw new Error(`No queue for consumer ${consumer.name}`);
      const created = new Consumer(this, `${pascal(consumer.name)}Consumer`, {
        queue: queues.queue,
        function: functionProps(consumerIdentity(consumer, config), consumer.handler, {
          memoryMb: consumer.memoryMb,
          timeoutSeconds: consumer.timeoutSeconds,
          description: `Consumes ${consumer.events.join(', ')}`,
        }),
        batchSize: consumer.batchSize,
        maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
        maxConcurrency: consumer.maxConcurrency,
      });
      grantAccess(created, consumer.access);
      if (consumer.postsToSocket) this.socket!.grantManageConnections(created);
      consumers[consumer.name] = created;
    }
    this.consumers = consumers;

    const monitored = monitoredServices(declaration, {
      routeFunctions,
      socketFunctions: socketLambdas,
      consumers,
      consumerQueues: stateful.consumerQueues,
      relays: this.relays,
      relayFailureQueues: stateful.relayFailureQueues,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      title: `${declaration.name} (${config.stage})`,
      apiStage: this.api.restApi.deploymentStage,
      services: monitored,
      businessMetrics: businessMetricsOf(declaration),
      customMetrics: { namespace: METRICS_NAMESPACE, stage: config.stage },
      thresholds: config.alarms,
      alarmEmail: config.alarms.email,
    });
    addFailureAlarms(this, config, this.monitoring, monitored, jobs, this.jobs);
  }
}

const publicBecause = (route: RouteDeclaration): string => {
  const tables = tablesOf(route.access).length === 0 ? ' It reads and writes no table.' : '';
  return `Declared public in lib/app.ts (auth 'none', callers: ${route.callers}): ${route.summary}.${tables} It is still subject to the stage's throttling.`;
};

const apiKeyOf = (keys: Partial<Record<ClientAppName, apigateway.IApiKey>>, name: ClientAppName): apigateway.IApiKey => {
  const key = keys[name];
  if (!key) throw new Error(`No API key for client app ${name}`);
  return key;
};

const mapRecord = <K extends string, V, R>(record: Readonly<Record<K, V>>, map: (value: V, key: K) => R): Record<K, R> =>
  Object.fromEntries((Object.entries(record) as [K, V][]).map(([key, value]) => [key, map(value, key)])) as Record<K, R>;
