import path from 'node:path';
import { Tags, type App } from 'aws-cdk-lib';
import type { IApiKey } from 'aws-cdk-lib/aws-apigateway';
import { app as declaredApp } from '../app';
import type { StageConfig } from '../config';
import type { ApplicationDeclaration } from '../declaration';
import { repoRoot } from '../paths';
import { ApiGatewayAccountStack, ApiGatewayCloudWatchRoleStack } from './api-gateway-account-stack';
import { ApiStack } from './api-stack';
import { StatefulStack } from './stateful-stack';
import { WebContentStack } from './web-content-stack';
import { WebStack } from './web-stack';

export interface Application {
  readonly apiGatewayCloudWatchRole: ApiGatewayCloudWatchRoleStack;
  readonly apiGatewayAccount: ApiGatewayAccountStack;
  readonly stateful: StatefulStack;
  readonly api: ApiStack;
  readonly web: WebStack;
  readonly webContent: WebContentStack;
}

/** The stacks of one stage, built from the declaration (lib/app.ts unless a test passes another). */
export const createApplication = (
  app: App,
  config: StageConfig,
  declaration: ApplicationDeclaration = declaredApp,
): Application => {
  const prefix = `${declaration.name}-${config.stage}`;
  Tags.of(app).add('application', declaration.name);

  // Account-level: the same template whichever stage deploys it, so no stage tag.
  const apiGatewayCloudWatchRole = new ApiGatewayCloudWatchRoleStack(app, `${declaration.name}-ApiGatewayCloudWatchRole`, {
    description: `${declaration.name}: the role API Gateway writes logs with, shared by every stage`,
  });
  const apiGatewayAccount = new ApiGatewayAccountStack(app, `${declaration.name}-ApiGatewayAccount`, {
    description: `${declaration.name}: API Gateway account settings (CloudWatch logging role), shared by every stage`,
    role: apiGatewayCloudWatchRole,
  });
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    description: `${declaration.name} (${config.stage}): tables, user pool, domain-events topic and queues`,
    config,
    declaration,
    terminationProtection: config.retainData,
  });
  const web = new WebStack(app, `${prefix}-Web`, {
    description: `${declaration.name} (${config.stage}): the web app's bucket, distribution and Cognito sign-in`,
    config,
    applicationName: declaration.name,
    userPool: stateful.userPool.userPool,
  });
  const api = new ApiStack(app, `${prefix}-Api`, {
    description: `${declaration.name} (${config.stage}): REST API, handlers, outbox relays and consumers`,
    config,
    declaration,
    stateful,
    projectRoot: repoRoot,
    webOrigin: web.hosting.origin,
  });
  const webContent = new WebContentStack(app, `${prefix}-WebContent`, {
    description: `${declaration.name} (${config.stage}): the built web app and its config.json`,
    config,
    web,
    apiUrl: api.api.restApi.url,
    ...(api.socket ? { liveUrl: api.socket.stage.url } : {}),
    apiKey: webApiKey(stateful),
    appDirectory: path.join(repoRoot, 'clients/web'),
  });
  for (const stack of [stateful, api, web, webContent]) Tags.of(stack).add('stage', config.stage);
  // API Gateway refuses to turn on stage logging until the account has a CloudWatch role.
  api.addStackDependency(apiGatewayAccount);
  return { apiGatewayCloudWatchRole, apiGatewayAccount, stateful, api, web, webContent };
};

const webApiKey = (stateful: StatefulStack): IApiKey => {
  const key = stateful.apiKeys.web;
  if (!key) throw new Error('The web app needs the "web" client app (lib/app.ts clientApps) for its API key');
  return key;
};
