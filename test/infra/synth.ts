import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { stageConfig, type StageName, type StageConfig } from '../../lib/config';
import { createApplication, type Application } from '../../lib/stacks/application';

export interface SynthesizedStage {
  readonly app: App;
  readonly config: StageConfig;
  readonly stacks: Application;
  readonly templates: {
    readonly stateful: Template;
    readonly api: Template;
    readonly apiGatewayAccount: Template;
    readonly apiGatewayCloudWatchRole: Template;
    readonly web: Template;
    readonly webContent: Template;
  };
}

const cache = new Map<StageName, SynthesizedStage>();

/**
 * The stage's stacks, synthesized once per test file (vitest isolates modules per file) and
 * without bundling: `aws:cdk:bundling-stacks: []` makes NodejsFunction skip esbuild.
 */
export const synthesize = (stage: StageName): SynthesizedStage => {
  const cached = cache.get(stage);
  if (cached) return cached;
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = stageConfig(stage);
  const stacks = createApplication(app, config);
  const synthesized: SynthesizedStage = {
    app,
    config,
    stacks,
    templates: {
      stateful: Template.fromStack(stacks.stateful),
      api: Template.fromStack(stacks.api),
      apiGatewayAccount: Template.fromStack(stacks.apiGatewayAccount),
      apiGatewayCloudWatchRole: Template.fromStack(stacks.apiGatewayCloudWatchRole),
      web: Template.fromStack(stacks.web),
      webContent: Template.fromStack(stacks.webContent),
    },
  };
  cache.set(stage, synthesized);
  return synthesized;
};

export const STAGES: readonly StageName[] = ['dev', 'prod'];
