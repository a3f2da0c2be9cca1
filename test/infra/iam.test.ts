import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { GSI1 } from '../../lib/constructs/service-table';
import { outboxOwners, READ_OPERATIONS, socketFunctions, tablesOf, type TableOwner, type TableAccess } from '../../lib/declaration';
import { STAGES, synthesize } from './synth';
import {
  actionsOf,
  allIdentityStatements,
  conditionsOfRoleAction,
  exportsOf,
  logicalIdOf,
  permissionsOfRole,
  resourcesOfStatement,
  type PolicyStatement,
} from './template';

describe.each(STAGES)('IAM in %s', (stage) => {
  const { config, stacks, templates } = synthesize(stage);
  const exports = exportsOf(templates.stateful);
  const table = (service: TableOwner): string => logicalIdOf(stacks.stateful.tables[service].table);
  const tableArn = (service: TableOwner): string => `${table(service)}.Arn`;

  /** What every function may do whatever its job: write its own logs and, when tracing, send traces. */
  const basePermissions = (logGroupId: string): string[] => [
    `logs:CreateLogStream on ${logGroupId}.Arn`,
    `logs:PutLogEvents on ${logGroupId}.Arn`,
    ...(config.tracing ? ['xray:PutTelemetryRecords on *', 'xray:PutTraceSegments on *'] : []),
  ];

  /** Exactly the DynamoDB permissions a declaration's access implies: its operations on its tables, and on `gsi1` for Query. */
  const declaredTablePermissions = (access: TableAccess): string[] =>
    tablesOf(access).flatMap(([service, operations]) => [
      ...operations.map((operation) => `dynamodb:${operation} on ${tableArn(service)}`),
      ...(operations.includes('Query') && app.tables[service].gsi1 ? [`dynamodb:Query on ${tableArn(service)}/index/${GSI1}`] : []),
    ]);

  /** ManageConnections on the socket's own stage, nothing wider: what a consumer that posts to it gets. */
  const socketConnectionsArn = stacks.api.socket
    ? `arn:AWS::Partition.Ref:execute-api:AWS::Region.Ref:AWS::AccountId.Ref:${logicalIdOf(stacks.api.socket.api)}.Ref/${config.stage}/*/@connections/*`
    : 'none';

  it.each(socketFunctions(app.socket).map((fn) => [fn.id, fn] as const))(
    'gives socket function %s its declared table access, its logs and tracing, and nothing else',
    (_id, fn) => {
      const created = stacks.api.socketFunctions[fn.id]!;
      const permissions = permissionsOfRole(templates.api, logicalIdOf(created.role), exports);
      expect(permissions).toEqual([...basePermissions(logicalIdOf(created.logGroup)), ...declaredTablePermissions(fn.access)].sort());
    },
  );

  it('lets only the consumers that post to the socket manage its connections', () => {
    const managing = app.consumers.filter((consumer) =>
      permissionsOfRole(templates.api, logicalIdOf(stacks.api.consumers[consumer.name]!.handler.role), exports).some((permission) => permission.startsWith('execute-api:')),
    );
    expect(managing.map((consumer) => consumer.name)).toEqual(['live']);
    expect(app.consumers.filter((consumer) => consumer.postsToSocket).map((consumer) => consumer.name)).toEqual(['live']);
  });

  const dynamoPermissions = (permissions: string[]): string[] => permissions.filter((permission) => permission.startsWith('dynamodb:'));

  const routeFunctions = app.routes.map((route) => {
    const fn = stacks.api.routeFunctions[route.id]!;
    return { route, permissions: permissionsOfRole(templates.api, logicalIdOf(fn.role), exports), logGroupId: logicalIdOf(fn.logGroup) };
  });

  it.each(routeFunctions.map((entry) => [entry.route.id, entry] as const))(
    'lets route %s do exactly its declared operations on exactly its tables',
    (_id, { route, permissions }) => {
      expect(dynamoPermissions(permissions)).toEqual(declaredTablePermissions(route.access).sort());
    },
  );

  it.each(routeFunctions.map((entry) => [entry.route.id, entry] as const))(
    'gives route %s nothing beyond its tables, its logs and tracing',
    (_id, { route, permissions, logGroupId }) => {
      expect(permissions).toEqual([...basePermissions(logGroupId), ...declaredTablePermissions(route.access)].sort());
    },
  );

  it('gives read-only routes no write action', () => {
    const readOnly = routeFunctions.filter(({ route }) =>
      tablesOf(route.access).every(([, operations]) => operations.every((operation) => READ_OPERATIONS.includes(operation))),
    );
    expect(readOnly.map(({ route }) => route.id)).toEqual(
      expect.arrayContaining(['getUser', 'getProduct', 'listProducts', 'getOrder', 'listUserOrders', 'listUserNotifications']),
    );
    for (const { route, permissions } of readOnly) {
      const actions = dynamoPermissions(permissions).map((permission) => permission.split(' ')[0]);
      expect(actions.filter((action) => !['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'].includes(action!)), route.id).toEqual([]);
    }
  });

  it.each(app.consumers.map((consumer) => [consumer.name, consumer] as const))(
    'lets consumer %s receive from its own queue and use only its declared table access',
    (name, consumer) => {
      const created = stacks.api.consumers[name]!;
      const queue = logicalIdOf(stacks.stateful.consumerQueues[name]!.queue);
      const permissions = permissionsOfRole(templates.api, logicalIdOf(created.handler.role), exports);
      const receive = ['ChangeMessageVisibility', 'DeleteMessage', 'GetQueueAttributes', 'GetQueueUrl', 'ReceiveMessage'];
      expect(permissions).toEqual(
        [
          ...basePermissions(logicalIdOf(created.handler.logGroup)),
          ...receive.map((action) => `sqs:${action} on ${queue}.Arn`),
          ...declaredTablePermissions(consumer.access),
          ...(consumer.postsToSocket ? [`execute-api:ManageConnections on ${socketConnectionsArn}`] : []),
        ].sort(),
      );
      const tables = new Set(dynamoPermissions(permissions).map((permission) => permission.split(' on ')[1]!.split('.')[0]));
      expect([...tables]).toEqual([table(consumer.service)]);
    },
  );

  it.each(outboxOwners(app))(
    'lets the %s relay read its table\'s stream, park failures, publish to the topic with its key and mark its outbox items, nothing else',
    (service) => {
      const relay = stacks.api.relays[service];
      const permissions = permissionsOfRole(templates.api, logicalIdOf(relay.handler.role), exports);
      const failures = logicalIdOf(stacks.stateful.relayFailureQueues[service]);
      expect(permissions).toEqual(
        [
          ...basePermissions(logicalIdOf(relay.handler.logGroup)),
          `dynamodb:DescribeStream on ${table(service)}.StreamArn`,
          `dynamodb:GetRecords on ${table(service)}.StreamArn`,
          `dynamodb:GetShardIterator on ${table(service)}.StreamArn`,
          'dynamodb:ListStreams on *',
          `dynamodb:UpdateItem on ${tableArn(service)}`,
          `sqs:GetQueueAttributes on ${failures}.Arn`,
          `sqs:GetQueueUrl on ${failures}.Arn`,
          `sqs:SendMessage on ${failures}.Arn`,
          `sns:Publish on ${logicalIdOf(stacks.stateful.bus.topic)}.Ref`,
          `kms:GenerateDataKey on ${logicalIdOf(stacks.stateful.bus.key)}.Arn`,
          `kms:Decrypt on ${logicalIdOf(stacks.stateful.bus.key)}.Arn`,
        ].sort(),
      );
      expect(conditionsOfRoleAction(templates.api, logicalIdOf(relay.handler.role), 'dynamodb:UpdateItem')).toEqual([
        { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] } },
      ]);
    },
  );

  /**
   * Every stack's identity statements but those of CDK's BucketDeployment function (the web content
   * stack), whose s3:GetObject* and cloudfront:CreateInvalidation on * are CDK's to write: cdk-nag's
   * acknowledgements name each of them (lib/constructs/web-app-deployment.ts).
   */
  const ourStatements = (): PolicyStatement[] =>
    Object.entries(templates).flatMap(([name, template]) => {
      if (name !== 'webContent') return allIdentityStatements(template);
      const json = template.toJSON() as { Resources: Record<string, unknown> };
      const resources = Object.fromEntries(Object.entries(json.Resources).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment')));
      return allIdentityStatements(Template.fromJSON({ ...json, Resources: resources }));
    });

  it('allows no wildcard action in any identity policy of any stack', () => {
    const statements = ourStatements();
    expect(statements.length).toBeGreaterThan(0);
    const wildcards = statements.filter((statement) => statement.Effect === 'Allow').flatMap(actionsOf).filter((action) => action.includes('*'));
    expect(wildcards).toEqual([]);
  });

  it('allows Resource "*" only for actions that have no resource-level permissions (X-Ray writes, dynamodb:ListStreams)', () => {
    const onAnyResource = ourStatements()
      .filter((statement) => statement.Effect === 'Allow' && resourcesOfStatement(statement).includes('*'))
      .flatMap(actionsOf);
    expect(new Set(onAnyResource)).toEqual(
      new Set(['dynamodb:ListStreams', ...(config.tracing ? ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] : [])]),
    );
  });
});
