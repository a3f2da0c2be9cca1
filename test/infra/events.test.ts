import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { outboxOwners, visibilityTimeoutSeconds } from '../../lib/declaration';
import { STAGES, synthesize } from './synth';
import { exportsOf, describeReference, logicalIdOf, resourceAt, resourcesOfType, type TemplateResource } from './template';

const FOURTEEN_DAYS = 1_209_600;
/** One relay per table with an outbox (the live connections table has none). */
const services = outboxOwners(app);

describe.each(STAGES)('domain events in %s', (stage) => {
  const { stacks, templates } = synthesize(stage);
  const { stateful, api } = templates;
  const exports = exportsOf(stateful);
  const topicId = logicalIdOf(stacks.stateful.bus.topic);
  const keyId = logicalIdOf(stacks.stateful.bus.key);

  const queuePolicyOf = (queueId: string): { Statement: Record<string, unknown>[] } => {
    const policies = resourcesOfType(stateful, 'AWS::SQS::QueuePolicy').filter(([, policy]) =>
      (policy.Properties.Queues as unknown[]).some((queue) => JSON.stringify(queue) === JSON.stringify({ Ref: queueId })),
    );
    expect(policies, queueId).toHaveLength(1);
    return policies[0]![1].Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
  };
  const denyWithoutTls = (queueId: string): Record<string, unknown> => ({
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 'sqs:*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
  });

  it('has one standard topic, encrypted with its own rotating key', () => {
    expect(resourcesOfType(stateful, 'AWS::SNS::Topic')).toHaveLength(1);
    const topic = resourceAt(stateful, topicId);
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(topic.Properties.FifoTopic).toBeUndefined();
    expect(resourceAt(stateful, keyId).Properties.EnableKeyRotation).toBe(true);
  });

  it('denies publishing to the topic without TLS', () => {
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      }),
    });
  });

  describe.each(app.consumers.map((consumer) => [consumer.name, consumer] as const))('consumer %s', (name, consumer) => {
    const queues = stacks.stateful.consumerQueues[name]!;
    const queueId = logicalIdOf(queues.queue);
    const dlqId = logicalIdOf(queues.deadLetterQueue);
    const subscriptionDlqId = logicalIdOf(queues.subscriptionDeadLetterQueue);
    const fn = resourceAt(api, logicalIdOf(stacks.api.consumers[name]!.handler.function));

    it('has an encrypted queue that moves a message to its dead-letter queue after the declared receives', () => {
      expect(resourceAt(stateful, queueId).Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: consumer.maxReceiveCount },
      });
      expect(consumer.maxReceiveCount).toBe(5);
    });

    it('keeps the queue\'s messages hidden for at least six times the function timeout plus the batching window', () => {
      const visibility = resourceAt(stateful, queueId).Properties.VisibilityTimeout as number;
      expect(visibility).toBe(visibilityTimeoutSeconds(consumer));
      expect(visibility).toBeGreaterThanOrEqual(6 * (fn.Properties.Timeout as number) + consumer.maxBatchingWindowSeconds);
      expect(fn.Properties.Timeout).toBe(consumer.timeoutSeconds);
    });

    it('keeps dead letters for 14 days, encrypted', () => {
      for (const id of [dlqId, subscriptionDlqId]) {
        expect(resourceAt(stateful, id).Properties, id).toMatchObject({ MessageRetentionPeriod: FOURTEEN_DAYS, SqsManagedSseEnabled: true });
      }
    });

    it('refuses non-TLS requests on its queue and both dead-letter queues', () => {
      for (const id of [queueId, dlqId, subscriptionDlqId]) {
        expect(queuePolicyOf(id).Statement, id).toEqual(expect.arrayContaining([denyWithoutTls(id)]));
      }
    });

    it('subscribes its queue to the topic, raw, filtered to its declared events, with a subscription dead-letter queue', () => {
      stateful.hasResourceProperties('AWS::SNS::Subscription', {
        TopicArn: { Ref: topicId },
        Protocol: 'sqs',
        Endpoint: { 'Fn::GetAtt': [queueId, 'Arn'] },
        RawMessageDelivery: true,
        FilterPolicy: { type: [...consumer.events] },
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [subscriptionDlqId, 'Arn'] } },
      });
    });

    it('lets only the topic send to its queue and to its subscription dead-letter queue', () => {
      for (const id of [queueId, subscriptionDlqId]) {
        const allows = queuePolicyOf(id).Statement.filter((statement) => statement.Effect === 'Allow');
        expect(allows, id).toEqual([
          {
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [id, 'Arn'] },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId } } },
          },
        ]);
      }
    });

    it('feeds its function through an SQS event source reporting partial batch failures', () => {
      const mapping = resourceAt(api, logicalIdOf(stacks.api.consumers[name]!.eventSourceMapping)).Properties;
      expect(mapping).toMatchObject({
        FunctionName: { Ref: logicalIdOf(stacks.api.consumers[name]!.handler.function) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: consumer.batchSize,
        ScalingConfig: { MaximumConcurrency: consumer.maxConcurrency },
      });
      expect(describeReference(mapping.EventSourceArn, exports)).toBe(`${queueId}.Arn`);
      expect(mapping.MaximumBatchingWindowInSeconds).toBe(
        consumer.maxBatchingWindowSeconds > 0 ? consumer.maxBatchingWindowSeconds : undefined,
      );
    });

    it('gives its function the declared memory', () => {
      expect(fn.Properties.MemorySize).toBe(consumer.memoryMb ?? synthesize(stage).config.memoryMb);
    });
  });

  describe.each(services)('the %s relay', (service) => {
    const relay = stacks.api.relays[service];
    const mapping = (): TemplateResource['Properties'] => resourceAt(api, logicalIdOf(relay.eventSourceMapping)).Properties;
    const failuresId = logicalIdOf(stacks.stateful.relayFailureQueues[service]);

    it('reads its table\'s stream from the oldest record, filtered to outbox inserts exactly as declared', () => {
      const properties = mapping();
      expect(describeReference(properties.EventSourceArn, exports)).toBe(`${logicalIdOf(stacks.stateful.tables[service].table)}.StreamArn`);
      expect(properties.StartingPosition).toBe('TRIM_HORIZON');
      const filters = (properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
      expect(filters.map((filter) => JSON.parse(filter.Pattern) as unknown)).toEqual([app.relay.filterPattern]);
    });

    it('retries a finite number of times, bisecting and reporting partial failures, then parks records on its failure queue', () => {
      const properties = mapping();
      expect(properties).toMatchObject({
        BatchSize: app.relay.batchSize,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: app.relay.retryAttempts,
        MaximumRecordAgeInSeconds: app.relay.maxRecordAgeSeconds,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const destination = (properties.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination;
      expect(describeReference(destination, exports)).toBe(`${failuresId}.Arn`);
      expect(resourceAt(stateful, failuresId).Type).toBe('AWS::SQS::Queue');
    });

    it('has an encrypted, TLS-only failure queue that keeps records for 14 days', () => {
      expect(resourceAt(stateful, failuresId).Properties).toMatchObject({ MessageRetentionPeriod: FOURTEEN_DAYS, SqsManagedSseEnabled: true });
      expect(queuePolicyOf(failuresId).Statement).toEqual([denyWithoutTls(failuresId)]);
    });

    it('is given the topic and the declared timeout', () => {
      const fn = resourceAt(api, logicalIdOf(relay.handler.function)).Properties;
      expect(fn.Timeout).toBe(app.relay.timeoutSeconds);
      const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(describeReference(variables.DOMAIN_EVENTS_TOPIC_ARN, exports)).toBe(`${topicId}.Ref`);
    });
  });

  it('has one SQS mapping per consumer and one stream mapping per table with an outbox, nothing else', () => {
    const mappings = resourcesOfType(api, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(app.consumers.length + services.length);
  });

  it('gives the live connections table (outbox: false) no relay and no sweeper, and every other table both', () => {
    const others = (Object.keys(app.tables) as (keyof typeof app.tables)[]).filter((service) => service !== 'live');
    expect(Object.keys(stacks.api.relays).sort()).toEqual([...others].sort());
    expect(Object.keys(stacks.api.jobs).filter((name) => name.endsWith('-sweeper')).sort()).toEqual(others.map((service) => `${service}-sweeper`).sort());
    const liveStream = `${logicalIdOf(stacks.stateful.tables.live.table)}.StreamArn`;
    const sources = resourcesOfType(api, 'AWS::Lambda::EventSourceMapping').map(([, mapping]) => describeReference(mapping.Properties.EventSourceArn, exports));
    expect(sources).not.toContain(liveStream);
    expect(JSON.stringify(api.toJSON())).not.toContain('LiveRelay');
  });
});
