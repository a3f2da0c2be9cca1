import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { OUTBOX_TTL_DAYS } from '../../lambdas/shared/outbox';
import { outboxOwners, type TableOwner } from '../../lib/declaration';
import { scheduledJobs } from '../../lib/scheduled-jobs';
import { STAGES, synthesize } from './synth';
import { conditionsOfRoleAction, exportsOf, logicalIdOf, permissionsOfRole, resourceAt, resourcesOfType } from './template';

describe.each(STAGES)('scheduled jobs in %s', (stage) => {
  const { config, stacks, templates } = synthesize(stage);
  const exports = exportsOf(templates.stateful);
  const jobs = scheduledJobs(app, config);
  const tableArn = (service: TableOwner): string => `${logicalIdOf(stacks.stateful.tables[service].table)}.Arn`;
  const basePermissions = (logGroupId: string): string[] => [
    `logs:CreateLogStream on ${logGroupId}.Arn`,
    `logs:PutLogEvents on ${logGroupId}.Arn`,
    ...(config.tracing ? ['xray:PutTelemetryRecords on *', 'xray:PutTraceSegments on *'] : []),
  ];

  it('has a sweeper for every table with an outbox and every job the services declare, each its own function', () => {
    expect(app.jobs.map((job) => job.name)).toContain('orders-deadline');
    expect(jobs.map((job) => job.name).sort()).toEqual([...outboxOwners(app).map((service) => `${service}-sweeper`), ...app.jobs.map((job) => job.name)].sort());
    expect(Object.keys(stacks.api.jobs).sort()).toEqual(jobs.map((job) => job.name).sort());
  });

  it.each(jobs.map((job) => [job.name, job] as const))('runs %s on the rate the stage configuration sets, invoking its own function once per run', (name, job) => {
    const created = stacks.api.jobs[name]!;
    const rule = resourceAt(templates.api, logicalIdOf(created.rule));
    const minutes = name.endsWith('-sweeper') ? config.outboxSweeper.everyMinutes : (config.jobs as Record<string, { everyMinutes: number }>)[name]!.everyMinutes;
    expect(job.everyMinutes).toBe(minutes);
    expect(rule.Properties.ScheduleExpression).toBe(minutes === 1 ? 'rate(1 minute)' : `rate(${minutes} minutes)`);
    expect(rule.Properties.State).toBe('ENABLED');
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { 'Fn::GetAtt': [logicalIdOf(created.handler.function), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: minutes * 60 } }),
    ]);
  });

  it.each(outboxOwners(app))(
    'lets the %s sweeper query the awaiting index, mark outbox items and publish to the topic, nothing else',
    (service) => {
      const sweeper = stacks.api.jobs[`${service}-sweeper`]!;
      const role = logicalIdOf(sweeper.handler.role);
      expect(permissionsOfRole(templates.api, role, exports)).toEqual(
        [
          ...basePermissions(logicalIdOf(sweeper.handler.logGroup)),
          `dynamodb:Query on ${tableArn(service)}/index/awaiting`,
          `dynamodb:UpdateItem on ${tableArn(service)}`,
          `sns:Publish on ${logicalIdOf(stacks.stateful.bus.topic)}.Ref`,
          `kms:GenerateDataKey on ${logicalIdOf(stacks.stateful.bus.key)}.Arn`,
          `kms:Decrypt on ${logicalIdOf(stacks.stateful.bus.key)}.Arn`,
        ].sort(),
      );
      expect(conditionsOfRoleAction(templates.api, role, 'dynamodb:UpdateItem')).toEqual([{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] } }]);
    },
  );

  it('gives each sweeper its table, grace period and bound from the stage configuration', () => {
    for (const service of outboxOwners(app)) {
      const fn = resourceAt(templates.api, logicalIdOf(stacks.api.jobs[`${service}-sweeper`]!.handler.function)) as unknown as { Properties: { Environment: { Variables: Record<string, string> } } };
      expect(fn.Properties.Environment.Variables).toMatchObject({
        OUTBOX_TABLE_NAME: expect.anything(),
        SWEEP_GRACE_SECONDS: String(config.outboxSweeper.graceSeconds),
        MAX_PER_RUN: String(config.outboxSweeper.maxPerRun),
        POWERTOOLS_SERVICE_NAME: `${service}-sweeper`,
      });
    }
  });

  it('lets the orders deadline query the awaiting index and read and write orders, nothing else, with the deadline from the stage', () => {
    const deadline = stacks.api.jobs['orders-deadline']!;
    expect(permissionsOfRole(templates.api, logicalIdOf(deadline.handler.role), exports)).toEqual(
      [
        ...basePermissions(logicalIdOf(deadline.handler.logGroup)),
        `dynamodb:Query on ${tableArn('orders')}/index/awaiting`,
        `dynamodb:GetItem on ${tableArn('orders')}`,
        `dynamodb:PutItem on ${tableArn('orders')}`,
      ].sort(),
    );
    const fn = resourceAt(templates.api, logicalIdOf(deadline.handler.function)) as unknown as { Properties: { Environment: { Variables: Record<string, string> } } };
    expect(fn.Properties.Environment.Variables).toMatchObject({
      ORDER_DEADLINE_SECONDS: String(config.jobs['orders-deadline'].deadlineSeconds),
      MAX_PER_RUN: String(config.jobs['orders-deadline'].maxPerRun),
      POWERTOOLS_SERVICE_NAME: 'orders-deadline',
    });
  });

  it('lets the live expiry sweep query the awaiting index, delete connections and manage this socket\'s connections only, every minute', () => {
    const expiry = stacks.api.jobs['live-expiry']!;
    const socketConnectionsArn = `arn:AWS::Partition.Ref:execute-api:AWS::Region.Ref:AWS::AccountId.Ref:${logicalIdOf(stacks.api.socket!.api)}.Ref/${config.stage}/*/@connections/*`;
    expect(permissionsOfRole(templates.api, logicalIdOf(expiry.handler.role), exports)).toEqual(
      [
        ...basePermissions(logicalIdOf(expiry.handler.logGroup)),
        `dynamodb:Query on ${tableArn('live')}/index/awaiting`,
        `dynamodb:DeleteItem on ${tableArn('live')}`,
        `execute-api:ManageConnections on ${socketConnectionsArn}`,
      ].sort(),
    );
    expect(config.jobs['live-expiry'].everyMinutes).toBe(1);
    expect(resourceAt(templates.api, logicalIdOf(expiry.rule)).Properties.ScheduleExpression).toBe('rate(1 minute)');
    const variables = (resourceAt(templates.api, logicalIdOf(expiry.handler.function)).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({ MAX_PER_RUN: String(config.jobs['live-expiry'].maxPerRun), POWERTOOLS_SERVICE_NAME: 'live-expiry', LIVE_TABLE_NAME: expect.anything() });
    expect(JSON.stringify(variables.SOCKET_CONNECTIONS_ENDPOINT)).toContain(`"https://",{"Ref":"${logicalIdOf(stacks.api.socket!.api)}"}`);
    expect(JSON.stringify(variables.SOCKET_CONNECTIONS_ENDPOINT)).toContain(`/${config.stage}`);
  });

  it('tells no job but the live expiry sweep where the socket is', () => {
    const posting = Object.entries(stacks.api.jobs)
      .filter(([, created]) => (resourceAt(templates.api, logicalIdOf(created.handler.function)).Properties.Environment as { Variables: Record<string, unknown> }).Variables.SOCKET_CONNECTIONS_ENDPOINT !== undefined)
      .map(([name]) => name);
    expect(posting).toEqual(['live-expiry']);
  });

  it('does not retry a failed run asynchronously either: the next run redoes it', () => {
    const configs = resourcesOfType(templates.api, 'AWS::Lambda::EventInvokeConfig').map(([, resource]) => resource.Properties);
    expect(configs).toHaveLength(jobs.length);
    for (const invokeConfig of configs) expect(invokeConfig.MaximumRetryAttempts).toBe(0);
  });

  it('keeps outbox items at least as long as any dead-letter or on-failure queue keeps a message', () => {
    const retentions = resourcesOfType(templates.stateful, 'AWS::SQS::Queue').map(([, queue]) => Number(queue.Properties.MessageRetentionPeriod ?? 345_600));
    expect(OUTBOX_TTL_DAYS * 86_400).toBeGreaterThanOrEqual(Math.max(...retentions));
  });
});
