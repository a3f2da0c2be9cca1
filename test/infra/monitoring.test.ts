import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { stageConfig, type StageConfig } from '../../lib/config';
import { DeadLetterQueue } from '../../lib/constructs/dead-letter-queue';
import { outboxOwners, socketFunctions } from '../../lib/declaration';
import { scheduledJobs } from '../../lib/scheduled-jobs';
import { createApplication } from '../../lib/stacks/application';
import { STAGES, synthesize } from './synth';
import { describeReference, exportsOf, logicalIdOf, resourceAt, resourcesOfType, type TemplateResource } from './template';

/** The tables with an outbox: one relay, stream mapping and on-failure queue each. */
const services = outboxOwners(app);

interface AlarmProperties {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Threshold: number;
  ComparisonOperator: string;
  EvaluationPeriods: number;
  AlarmActions: unknown[];
  OKActions: unknown[];
  Statistic?: string;
  ExtendedStatistic?: string;
  Metrics?: { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] }; Stat: string } }[];
}

const alarmsOf = (api: Template): [string, AlarmProperties][] =>
  resourcesOfType(api, 'AWS::CloudWatch::Alarm').map(([id, alarm]) => [id, alarm.Properties as unknown as AlarmProperties]);

const dimension = (alarm: AlarmProperties, name: string): unknown => alarm.Dimensions?.find((entry) => entry.Name === name)?.Value;

/** What a queue's RedrivePolicy, a subscription's RedrivePolicy or a mapping's on-failure destination points at: `QueueId.Arn`. */
const deadLetterTargets = (stateful: Template, api: Template, exports: Record<string, string>): string[] => {
  const fromRedrive = [...resourcesOfType(stateful, 'AWS::SQS::Queue'), ...resourcesOfType(stateful, 'AWS::SNS::Subscription')].flatMap(
    ([, resource]) => {
      const target = (resource.Properties.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn;
      return target === undefined ? [] : [describeReference(target, exports)];
    },
  );
  const fromMappings = resourcesOfType(api, 'AWS::Lambda::EventSourceMapping').flatMap(([, mapping]) => {
    const destination = (mapping.Properties.DestinationConfig as { OnFailure?: { Destination: unknown } } | undefined)?.OnFailure?.Destination;
    return destination === undefined ? [] : [describeReference(destination, exports)];
  });
  return [...new Set([...fromRedrive, ...fromMappings])].sort();
};

/** Queues that have no dead-letter queue themselves: the end of the line for a failed message. */
const terminalQueues = (stateful: Template): string[] =>
  resourcesOfType(stateful, 'AWS::SQS::Queue')
    .filter(([, queue]) => queue.Properties.RedrivePolicy === undefined)
    .map(([id]) => id)
    .sort();

/** The queues (by logical id in the stateful stack) with an "any visible message" alarm that notifies the topic. */
const queuesWithAnyMessageAlarm = (api: Template, exports: Record<string, string>, topicId: string): string[] =>
  alarmsOf(api)
    .filter(
      ([, alarm]) =>
        alarm.Namespace === 'AWS/SQS' &&
        alarm.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        alarm.Threshold === 0 &&
        alarm.ComparisonOperator === 'GreaterThanThreshold' &&
        alarm.EvaluationPeriods === 1 &&
        JSON.stringify(alarm.AlarmActions) === JSON.stringify([{ Ref: topicId }]),
    )
    .map(([, alarm]) => describeReference(dimension(alarm, 'QueueName'), exports).replace(/\.QueueName$/, ''))
    .sort();

/** Terminal queues of the stateful stack that no alarm watches. */
const unalarmedQueues = (stateful: Template, api: Template, topicId: string): string[] => {
  const alarmed = new Set(queuesWithAnyMessageAlarm(api, exportsOf(stateful), topicId));
  return terminalQueues(stateful).filter((id) => !alarmed.has(id));
};

describe.each(STAGES)('monitoring in %s', (stage) => {
  const { config, stacks, templates } = synthesize(stage);
  const { stateful, api } = templates;
  const exports = exportsOf(stateful);
  const { monitoring } = stacks.api;
  const topicId = logicalIdOf(monitoring.alarmTopic);
  const functionIdOf = (mapping: TemplateResource): string => (mapping.Properties.FunctionName as { Ref: string }).Ref;
  const mappings = resourcesOfType(api, 'AWS::Lambda::EventSourceMapping').map(([, mapping]) => mapping);
  const streamMappings = mappings.filter((mapping) => describeReference(mapping.Properties.EventSourceArn, exports).endsWith('.StreamArn'));
  const lambdaAlarmsOn = (functionId: string, metricName: string): AlarmProperties[] =>
    alarmsOf(api)
      .map(([, alarm]) => alarm)
      .filter((alarm) => alarm.Namespace === 'AWS/Lambda' && alarm.MetricName === metricName && JSON.stringify(dimension(alarm, 'FunctionName')) === JSON.stringify({ Ref: functionId }));

  it('finds every dead-letter target among the queues that have no dead-letter queue of their own', () => {
    const terminal = terminalQueues(stateful);
    const targets = deadLetterTargets(stateful, api, exports).map((target) => target.replace(/\.Arn$/, ''));
    // Per consumer: its dead-letter queue and its subscription's; per table with an outbox: the relay's on-failure queue.
    expect(targets).toHaveLength(app.consumers.length * 2 + services.length);
    expect(terminal).toEqual(targets);
  });

  it('alarms on any message in every dead-letter and on-failure queue', () => {
    expect(terminalQueues(stateful).length).toBeGreaterThan(0);
    expect(unalarmedQueues(stateful, api, topicId)).toEqual([]);
  });

  it('alarms on the errors of every relay and consumer function, from the stage\'s threshold', () => {
    expect(mappings).toHaveLength(app.consumers.length + services.length);
    for (const mapping of mappings) {
      const alarms = lambdaAlarmsOn(functionIdOf(mapping), 'Errors');
      expect(alarms, functionIdOf(mapping)).toHaveLength(1);
      expect(alarms[0]).toMatchObject({
        Statistic: 'Sum',
        Threshold: config.alarms.functionErrors,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Period: config.alarms.periodMinutes * 60,
      });
    }
  });

  it('alarms when a relay falls behind its table\'s stream', () => {
    expect(streamMappings).toHaveLength(services.length);
    for (const mapping of streamMappings) {
      const alarms = lambdaAlarmsOn(functionIdOf(mapping), 'IteratorAge');
      expect(alarms, functionIdOf(mapping)).toHaveLength(1);
      expect(alarms[0]).toMatchObject({ Statistic: 'Maximum', Threshold: config.alarms.iteratorAgeSeconds * 1000, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });

  it('alarms on the API stage\'s 5xx rate and p99 latency once they last, from the stage\'s thresholds', () => {
    const stageDimensions = [
      { Name: 'ApiName', Value: Match.anyValue() },
      { Name: 'Stage', Value: { Ref: logicalIdOf(stacks.api.api.restApi.deploymentStage) } },
    ];
    api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: '100 * errors', ReturnData: true }),
        Match.objectLike({
          Id: 'errors',
          ReturnData: false,
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: stageDimensions }), Stat: 'Average' }),
        }),
      ]),
      Threshold: config.alarms.api5xxPercent,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: config.alarms.sustainedPeriods,
    });
    api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      Dimensions: stageDimensions,
      ExtendedStatistic: 'p99',
      Threshold: config.alarms.apiP99LatencyMs,
      EvaluationPeriods: config.alarms.sustainedPeriods,
    });
  });

  it('sends every alarm to the alarm topic when it fires and when it clears, and treats no data as nothing wrong', () => {
    const alarms = alarmsOf(api);
    expect(alarms.length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms) {
      expect(alarm.AlarmActions, id).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions, id).toEqual([{ Ref: topicId }]);
      expect((alarm as unknown as { TreatMissingData: string }).TreatMissingData, id).toBe('notBreaching');
    }
  });

  it('encrypts the alarm topic with its own rotating key that CloudWatch may use, and refuses requests without TLS', () => {
    const keyId = logicalIdOf(monitoring.alarmKey);
    expect(resourceAt(api, topicId).Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(resourceAt(api, keyId).Properties.EnableKeyRotation).toBe(true);
    const keyStatements = (resourceAt(api, keyId).Properties.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
    expect(keyStatements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] }),
    );
    api.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': Match.anyValue() } }),
          }),
        ]),
      }),
    });
  });

  it(stage === 'prod' ? 'subscribes whoever the deployment names, and nobody by e-mail from the configuration' : 'subscribes nobody when the stage names no address', () => {
    expect(config.alarms.email).toBeUndefined();
    const subscriptions = resourcesOfType(api, 'AWS::SNS::Subscription').map(([, subscription]) => subscription.Properties);
    expect(subscriptions).toEqual(stage === 'prod' ? [{ TopicArn: { Ref: topicId }, Protocol: { Ref: 'AlarmSubscriberProtocol' }, Endpoint: { Ref: 'AlarmSubscriberEndpoint' } }] : []);
  });

  it('has a dashboard with the API row and a row per service: requests, errors, latency, queue depth, dead letters, iterator age', () => {
    const dashboards = resourcesOfType(api, 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]![1].Properties.DashboardBody);
    expect(body).toContain(`# ${app.name} (${stage})`);
    for (const title of ['API requests', 'API errors', 'API latency (ms)', 'Business events']) expect(body).toContain(title);
    const rows = app.services.map((service) => service.name);
    for (const service of rows) expect(body).toContain(`## ${service}`);
    for (const title of ['Requests', 'Errors', 'Latency p99 (ms)', 'Queue depth', 'Dead letters', 'Iterator age (ms)']) {
      // The users service has no consumer: its queue-depth widget is a note, not a graph.
      const occurrences = body.split(`\\"title\\":\\"${title}\\"`).length - 1 + (body.split(`**${title}**`).length - 1);
      expect(occurrences, title).toBe(rows.length);
    }
  });

  it('graphs the business metrics under the service dimension of the relay that counts them', () => {
    const body = JSON.stringify(resourcesOfType(api, 'AWS::CloudWatch::Dashboard')[0]![1].Properties.DashboardBody);
    expect(body).toContain(`\\"ServerlessGatewayEvents\\",\\"OrderPlaced\\",\\"service\\",\\"orders-relay\\",\\"stage\\",\\"${stage}\\"`);
    expect(body).toContain(`\\"ServerlessGatewayEvents\\",\\"StockReservationFailed\\",\\"service\\",\\"products-relay\\",\\"stage\\",\\"${stage}\\"`);
  });

  it(`keeps every log group of the stage for ${stage === 'prod' ? 90 : 7} days`, () => {
    const logGroups = [...resourcesOfType(api, 'AWS::Logs::LogGroup'), ...resourcesOfType(stateful, 'AWS::Logs::LogGroup')];
    expect(logGroups.length).toBeGreaterThan(0);
    for (const [id, logGroup] of logGroups) expect(logGroup.Properties.RetentionInDays, id).toBe(stage === 'prod' ? 90 : 7);
  });

  it(`has every function log at ${stage === 'prod' ? 'INFO' : 'DEBUG'} and above, under its service name`, () => {
    const functions = resourcesOfType(api, 'AWS::Lambda::Function');
    expect(functions.length).toBe(app.routes.length + socketFunctions(app.socket).length + app.consumers.length + services.length + scheduledJobs(app, stageConfig(stage)).length);
    for (const [id, fn] of functions) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.POWERTOOLS_LOG_LEVEL, id).toBe(stage === 'prod' ? 'INFO' : 'DEBUG');
      expect(variables.POWERTOOLS_SERVICE_NAME, id).toEqual(expect.any(String));
      expect(variables.POWERTOOLS_METRICS_NAMESPACE, id).toBe('ServerlessGatewayEvents');
    }
  });
});

describe('monitoring, changed', () => {
  const synthesizeWith = (config: StageConfig, change: (stacks: ReturnType<typeof createApplication>) => void = () => undefined) => {
    const application = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stacks = createApplication(application, config);
    change(stacks);
    return { stacks, stateful: Template.fromStack(stacks.stateful), api: Template.fromStack(stacks.api) };
  };

  it('fails the check when a new dead-letter queue has no alarm', () => {
    const { stacks, stateful, api } = synthesizeWith(stageConfig('dev'), (created) => {
      new DeadLetterQueue(created.stateful, 'Forgotten', { holds: 'messages nobody watches' });
    });

    expect(unalarmedQueues(stateful, api, logicalIdOf(stacks.api.monitoring.alarmTopic))).toEqual([
      expect.stringMatching(/^Forgotten/),
    ]);
  });

  it('subscribes the configured address to the alarm topic', () => {
    const prod = stageConfig('prod');
    const { stacks, api } = synthesizeWith({ ...prod, alarms: { ...prod.alarms, email: 'ops@example.com' } });

    api.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: logicalIdOf(stacks.api.monitoring.alarmTopic) },
    });
  });
});
