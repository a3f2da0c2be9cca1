import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../lib/config';
import { createApplication } from '../../lib/stacks/application';
import { STAGES, synthesize } from './synth';
import { exportsOf } from './template';

interface Outputs {
  readonly Outputs?: Record<string, { Export?: unknown }>;
}

/** Every `Fn::<name>` call in a template, by name. */
const intrinsics = (template: Template, name: string): number =>
  (JSON.stringify(template.toJSON()).match(new RegExp(`"Fn::${name}"`, 'g')) ?? []).length;

/** Every `Fn::GetStackOutput` argument in a template. */
const stackOutputReads = (template: Template): { StackName: string; OutputName: string }[] => {
  const reads: { StackName: string; OutputName: string }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'Fn::GetStackOutput') reads.push(child as { StackName: string; OutputName: string });
        else visit(child);
      }
    }
  };
  visit(template.toJSON());
  return reads;
};

const exportCount = (template: Template): number =>
  Object.values((template.toJSON() as Outputs).Outputs ?? {}).filter((output) => output.Export).length;

describe.each(STAGES)('the references between the stacks in %s', (stage) => {
  const { stacks, templates } = synthesize(stage);

  it('export nothing from the stateful stack, so removing a table, queue or consumer never blocks its update', () => {
    expect(exportCount(templates.stateful)).toBe(0);
    expect(intrinsics(templates.api, 'ImportValue')).toBe(0);
  });

  it("are read at deploy time from the stateful and web stacks' outputs", () => {
    const published = { ...exportsOf(templates.stateful), ...exportsOf(templates.web) };
    const reads = stackOutputReads(templates.api);

    expect(reads.length).toBeGreaterThan(0);
    // The web stack gives the API its allowed origin (CORS).
    expect(new Set(reads.map((read) => read.StackName))).toEqual(new Set([stacks.stateful.stackName, stacks.web.stackName]));
    expect(reads.map((read) => read.OutputName).filter((output) => !published[output])).toEqual([]);
  });

  it('still deploy the stateful stack before the API stack', () => {
    expect(stacks.api.dependencies).toContain(stacks.stateful);
  });
});

describe('a stage first deployed with exports (-c crossStackReferences=both)', () => {
  it('keeps the exports for one deploy while the API stack already reads the outputs', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stacks = createApplication(app, stageConfig('dev', { crossStackReferences: 'both' }));

    expect(exportCount(Template.fromStack(stacks.stateful))).toBeGreaterThan(0);
    expect(intrinsics(Template.fromStack(stacks.api), 'ImportValue')).toBe(0);
    expect(intrinsics(Template.fromStack(stacks.api), 'GetStackOutput')).toBeGreaterThan(0);
  });

  it('refuses any other strength', () => {
    expect(() => stageConfig('dev', { crossStackReferences: 'strong' })).toThrow(/weak or both/);
  });
});
