import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { STAGES, synthesize } from './synth';
import { resourcesOfType } from './template';

/** The stacks in the order `cdk deploy --all` deploys them: each after every stack it depends on. */
const deployOrder = (stacks: readonly Stack[]): string[] => {
  const order: string[] = [];
  const visit = (stack: Stack): void => {
    if (order.includes(stack.stackName)) return;
    for (const dependency of stack.dependencies) visit(dependency);
    order.push(stack.stackName);
  };
  stacks.forEach(visit);
  return order;
};

const accountStacksOf = (stage: (typeof STAGES)[number]) => {
  const { stacks } = synthesize(stage);
  return [stacks.apiGatewayCloudWatchRole, stacks.apiGatewayAccount];
};

describe('the account-level API Gateway stacks', () => {
  it('are the same templates whichever stage deploys them', () => {
    const [dev, prod] = STAGES.map((stage) => {
      const { templates } = synthesize(stage);
      return JSON.stringify([templates.apiGatewayCloudWatchRole.toJSON(), templates.apiGatewayAccount.toJSON()]);
    });

    expect(prod).toBe(dev);
  });

  it.each(STAGES)('carry no stage tag when %s deploys them, on the stack or on a resource', (stage) => {
    for (const stack of accountStacksOf(stage)) {
      expect(stack.tags.tagValues(), stack.stackName).toEqual({ application: app.name });
      const tagged = resourcesOfType(synthesize(stage).templates.apiGatewayCloudWatchRole, 'AWS::IAM::Role').flatMap(
        ([, role]) => (role.Properties.Tags as { Key: string }[] | undefined) ?? [],
      );
      expect(tagged.map((tag) => tag.Key)).not.toContain('stage');
    }
  });

  it.each(STAGES)('are protected from termination, so cdk destroy of %s cannot remove them', (stage) => {
    for (const stack of accountStacksOf(stage)) expect(stack.terminationProtection, stack.stackName).toBe(true);
  });

  it('keep their resources if their stacks are ever deleted', () => {
    const { templates } = synthesize('dev');
    const kept = [
      ...resourcesOfType(templates.apiGatewayCloudWatchRole, 'AWS::IAM::Role'),
      ...resourcesOfType(templates.apiGatewayAccount, 'AWS::ApiGateway::Account'),
    ];

    expect(kept.map(([, resource]) => resource.DeletionPolicy)).toEqual(['Retain', 'Retain']);
  });
});

describe.each(STAGES)('the stacks of %s, deployed at once on a fresh account', (stage) => {
  const { stacks } = synthesize(stage);

  it('create the CloudWatch role in one stack and set it on the account in the next', () => {
    const { templates } = synthesize(stage);

    expect(resourcesOfType(templates.apiGatewayCloudWatchRole, 'AWS::ApiGateway::Account')).toEqual([]);
    expect(resourcesOfType(templates.apiGatewayAccount, 'AWS::IAM::Role')).toEqual([]);
    expect(stacks.apiGatewayAccount.dependencies).toContain(stacks.apiGatewayCloudWatchRole);
  });

  it('deploy the role, then the account setting, then the API that logs through them, with the stateful stack before the API', () => {
    const order = deployOrder(Object.values(stacks));
    const at = (stack: Stack): number => order.indexOf(stack.stackName);

    expect(at(stacks.apiGatewayCloudWatchRole)).toBeLessThan(at(stacks.apiGatewayAccount));
    expect(at(stacks.apiGatewayAccount)).toBeLessThan(at(stacks.api));
    expect(at(stacks.stateful)).toBeLessThan(at(stacks.api));
  });

  it('are every stack of the app, so cdk deploy --all deploys exactly these', () => {
    const application = synthesize(stage).app as App;
    const inApp = application.node.children.filter((child): child is Stack => Stack.isStack(child)).map((stack) => stack.stackName);

    expect(inApp.sort()).toEqual(Object.values(stacks).map((stack: Stack) => stack.stackName).sort());
  });
});
