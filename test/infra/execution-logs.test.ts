import { describe, expect, it } from 'vitest';
import { STAGES, synthesize } from './synth';
import { logicalIdOf, resourceAt, resourcesOfType } from './template';

describe.each(STAGES)('the execution logs of %s', (stage) => {
  const { config, stacks, templates } = synthesize(stage);
  const restApiId = logicalIdOf(stacks.api.api.restApi);
  const stageId = logicalIdOf(stacks.api.api.restApi.deploymentStage);
  const executionLogGroups = resourcesOfType(templates.api, 'AWS::Logs::LogGroup').filter(
    ([, group]) => JSON.stringify(group.Properties.LogGroupName ?? '').includes('API-Gateway-Execution-Logs_'),
  );

  it("go to a log group of the stack, under the name API Gateway writes to, for this API and stage", () => {
    expect(executionLogGroups.map(([, group]) => group.Properties.LogGroupName)).toEqual([
      { 'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: restApiId }, `/${config.stage}`]] },
    ]);
  });

  it("expire after the stage's retention and go with the stack unless the stage keeps its data", () => {
    const [[, group]] = executionLogGroups as [[string, (typeof executionLogGroups)[number][1]]];

    expect(group.Properties.RetentionInDays).toBe(config.logRetentionDays);
    expect(group.DeletionPolicy).toBe(config.retainData ? 'Retain' : 'Delete');
  });

  it('exist before the stage can log anything', () => {
    const [[groupId]] = executionLogGroups as [[string, unknown]];
    const dependsOn = (resourceAt(templates.api, stageId) as { DependsOn?: string[] }).DependsOn ?? [];

    expect(dependsOn).toContain(groupId);
  });

  it('are on at the level the construct sets, without request or response bodies', () => {
    const settings = resourceAt(templates.api, stageId).Properties.MethodSettings as { LoggingLevel: string; DataTraceEnabled: boolean }[];

    expect(settings.every((setting) => setting.LoggingLevel === 'ERROR' && setting.DataTraceEnabled === false)).toBe(true);
  });
});
