import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { STAGES, synthesize } from './synth';
import { resourcesOfType } from './template';

interface Dimension {
  readonly Name: string;
  readonly Value: unknown;
}

/** Every dimension of every metric an alarm of the template watches, metric math included. */
const alarmDimensions = (stage: (typeof STAGES)[number]): Dimension[] =>
  resourcesOfType(synthesize(stage).templates.api, 'AWS::CloudWatch::Alarm').flatMap(([, alarm]) => [
    ...((alarm.Properties.Dimensions as Dimension[] | undefined) ?? []),
    ...((alarm.Properties.Metrics as { MetricStat?: { Metric: { Dimensions?: Dimension[] } } }[] | undefined) ?? []).flatMap(
      (metric) => metric.MetricStat?.Metric.Dimensions ?? [],
    ),
  ]);

describe.each(STAGES)('the REST API of %s', (stage) => {
  const { templates } = synthesize(stage);

  it('is named after the application and the stage, so its metrics are its own', () => {
    const names = resourcesOfType(templates.api, 'AWS::ApiGateway::RestApi').map(([, api]) => api.Properties.Name);

    expect(names).toEqual([`${app.name}-${stage}`]);
  });

  it('is the only API its alarms watch', () => {
    const apiNames = alarmDimensions(stage).filter((dimension) => dimension.Name === 'ApiName');

    expect(apiNames.length).toBeGreaterThan(0);
    expect(new Set(apiNames.map((dimension) => dimension.Value))).toEqual(new Set([`${app.name}-${stage}`]));
  });
});

describe('the REST API names', () => {
  it('differ between the stages, which may share an account', () => {
    const names = STAGES.map((stage) => resourcesOfType(synthesize(stage).templates.api, 'AWS::ApiGateway::RestApi')[0]?.[1].Properties.Name);

    expect(new Set(names).size).toBe(STAGES.length);
  });
});
