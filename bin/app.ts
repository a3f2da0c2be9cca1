import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { stageConfig } from '../lib/config';
import { createApplication } from '../lib/stacks/application';

const app = new App();
const overrides = { waf: app.node.tryGetContext('waf'), crossStackReferences: app.node.tryGetContext('crossStackReferences') };
createApplication(app, stageConfig(app.node.tryGetContext('stage'), overrides));
// Synthesis fails on any finding that is not acknowledged, with its reason, on the construct it concerns.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
