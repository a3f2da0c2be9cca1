import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { stageConfig } from '../../lib/config';
import { consumerLogService, relayIdentity } from '../../lib/environment';
import { outboxOwners } from '../../lib/declaration';
import { createApplication } from '../../lib/stacks/application';
import { STAGES, synthesize } from './synth';
import { logicalIdOf, resourcesOfType } from './template';

interface AlarmProperties {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Threshold: number;
  ComparisonOperator: string;
  AlarmActions: unknown[];
  Metrics?: { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: { Name: string; Value: unknown }[] } } }[];
}

const alarmsOf = (template: Template): AlarmProperties[] =>
  resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties as unknown as AlarmProperties);

describe.each(STAGES)('alarms on partial failures in %s', (stage) => {
  const { config, stacks, templates } = synthesize(stage);
  const topic = { Ref: logicalIdOf(stacks.api.monitoring.alarmTopic) };
  const customAlarms = (metricName: string) =>
    alarmsOf(templates.api).filter((alarm) => alarm.Namespace === 'ServerlessGatewayEvents' && alarm.MetricName === metricName);
  const serviceDimension = (alarm: AlarmProperties) => alarm.Dimensions?.find((entry) => entry.Name === 'service')?.Value;

  it('alarms on RelayFailures of every relay and every sweeper, from the first failure, under the stage dimension', () => {
    const tables = outboxOwners(app);
    const alarms = customAlarms('RelayFailures');
    expect(alarms.map(serviceDimension).sort()).toEqual([...tables.map((service) => relayIdentity(service).logService), ...tables.map((service) => `${service}-sweeper`)].sort());
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ Threshold: config.alarms.functionErrors, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topic] });
      expect(alarm.Dimensions).toContainEqual({ Name: 'stage', Value: stage });
    }
  });

  it('alarms on ConsumerFailures of every consumer', () => {
    const alarms = customAlarms('ConsumerFailures');
    expect(alarms.map(serviceDimension).sort()).toEqual(app.consumers.map((consumer) => consumerLogService(consumer)).sort());
    for (const alarm of alarms) expect(alarm).toMatchObject({ Threshold: config.alarms.functionErrors, AlarmActions: [topic] });
  });

  it('alarms on throttles of this application’s functions only, every function in exactly one alarm', () => {
    const throttleAlarms = alarmsOf(templates.api).filter((alarm) => (alarm.Metrics ?? []).some((metric) => metric.MetricStat?.Metric.MetricName === 'Throttles'));
    expect(alarmsOf(templates.api).filter((alarm) => alarm.MetricName === 'Throttles')).toEqual([]);
    const watched = throttleAlarms.flatMap((alarm) =>
      (alarm.Metrics ?? []).flatMap((metric) => {
        if (!metric.MetricStat) return [];
        expect(metric.MetricStat.Metric).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles' });
        const dimensions = metric.MetricStat.Metric.Dimensions;
        expect(dimensions.map((dimension) => dimension.Name), 'scoped to one function').toEqual(['FunctionName']);
        return [JSON.stringify(dimensions[0]!.Value)];
      }),
    );
    const functions = resourcesOfType(templates.api, 'AWS::Lambda::Function').map(([id]) => JSON.stringify({ Ref: id }));
    expect(watched.sort()).toEqual(functions.sort());
    for (const alarm of throttleAlarms) expect(alarm).toMatchObject({ Threshold: config.alarms.throttles, AlarmActions: [topic] });
  });

  it('alarms on the errors of every scheduled job', () => {
    for (const job of Object.values(stacks.api.jobs)) {
      const alarms = alarmsOf(templates.api).filter(
        (alarm) => alarm.MetricName === 'Errors' && JSON.stringify(alarm.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: logicalIdOf(job.handler.function) } }]),
      );
      expect(alarms).toHaveLength(1);
    }
  });
});

describe('who receives the alarms', () => {
  const synthesizeWith = (config: ReturnType<typeof stageConfig>) => {
    const stacks = createApplication(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), config);
    return Template.fromStack(stacks.api).toJSON() as { Parameters?: Record<string, { Type: string; Default?: string; AllowedValues?: string[] }> };
  };

  it('makes a prod deployment name a subscriber: a stack parameter with no default, so cdk deploy fails without one', () => {
    const { Parameters = {} } = synthesizeWith(stageConfig('prod'));

    expect(Parameters.AlarmSubscriberEndpoint).toEqual(expect.objectContaining({ Type: 'String', MinLength: 1 }));
    expect(Parameters.AlarmSubscriberEndpoint).not.toHaveProperty('Default');
    expect(Parameters.AlarmSubscriberProtocol).toMatchObject({ Default: 'email', AllowedValues: expect.arrayContaining(['email', 'https']) });
  });

  it('asks dev for nobody', () => {
    const { Parameters = {} } = synthesizeWith(stageConfig('dev'));

    expect(Object.keys(Parameters).filter((name) => name.startsWith('AlarmSubscriber'))).toEqual([]);
  });

  it('needs no parameter in prod when the configuration names an address', () => {
    const prod = stageConfig('prod');
    const { Parameters = {} } = synthesizeWith({ ...prod, alarms: { ...prod.alarms, email: 'ops@example.com' } });

    expect(Object.keys(Parameters).filter((name) => name.startsWith('AlarmSubscriber'))).toEqual([]);
  });
});
