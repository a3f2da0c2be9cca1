import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { hasOutbox, outboxOwners, type TableOwner } from '../../lib/declaration';
import { queueOutputNames, relayOutputNames, TOPIC_ARN_OUTPUT } from '../../lib/queue-outputs';
import { STAGES, synthesize } from './synth';
import { logicalIdOf, resourceAt, resourcesOfType } from './template';

const services = Object.keys(app.tables) as TableOwner[];
const withOutbox = outboxOwners(app);

describe.each(STAGES)('the stateful stack in %s', (stage) => {
  const { stacks, templates } = synthesize(stage);
  const stateful = templates.stateful;
  const prod = stage === 'prod';

  it('has one table per service that owns one, the existing ones under pinned logical ids', () => {
    const ids = resourcesOfType(stateful, 'AWS::DynamoDB::Table').map(([id]) => id).sort();
    const pascal = (name: string) => `${name[0]!.toUpperCase()}${name.slice(1)}`;
    expect(ids).toEqual(services.map((service) => `${pascal(service)}Table`).sort());
    // A table whose logical id changes is replaced on the next deploy, data and all.
    expect(ids).toEqual(expect.arrayContaining(['NotificationsTable', 'OrdersTable', 'ProductsTable', 'UsersTable']));
  });

  it.each(services)('makes the %s table on-demand, recoverable, encrypted and expiring, streamed if it has an outbox', (service) => {
    const table = resourceAt(stateful, logicalIdOf(stacks.stateful.tables[service].table));
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(table.Properties.StreamSpecification).toEqual(hasOutbox(app.tables[service]) ? { StreamViewType: 'NEW_IMAGE' } : undefined);
  });

  it('gives the live connections table no stream and no relay on-failure queue, and every other table both', () => {
    expect(app.tables.live.outbox).toBe(false);
    expect(withOutbox).not.toContain('live');
    expect(withOutbox.sort()).toEqual(services.filter((service) => service !== 'live').sort());
    expect(resourceAt(stateful, logicalIdOf(stacks.stateful.tables.live.table)).Properties.StreamSpecification).toBeUndefined();
    expect(Object.keys(stacks.stateful.relayFailureQueues).sort()).toEqual([...withOutbox].sort());
    expect(resourcesOfType(stateful, 'AWS::SQS::Queue').map(([id]) => id)).not.toContain('LiveRelayFailuresQueue');
  });

  it.each(services)('gives the %s table the gsi1 index exactly when declared, and the sparse awaiting index', (service) => {
    const table = resourceAt(stateful, logicalIdOf(stacks.stateful.tables[service].table));
    const indexes = table.Properties.GlobalSecondaryIndexes;
    const awaiting = {
      IndexName: 'awaiting',
      KeySchema: [
        { AttributeName: 'awaitingPk', KeyType: 'HASH' },
        { AttributeName: 'awaitingSince', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    };
    const gsi1 = {
      IndexName: 'gsi1',
      KeySchema: [
        { AttributeName: 'gsi1pk', KeyType: 'HASH' },
        { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    };
    expect(indexes).toEqual(app.tables[service].gsi1 ? [gsi1, awaiting] : [awaiting]);
  });

  it(prod ? 'retains every table and protects it from deletion' : 'deletes every table with the stack', () => {
    const tables = resourcesOfType(stateful, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(services.length);
    for (const [id, table] of tables) {
      expect(table.DeletionPolicy, id).toBe(prod ? 'Retain' : 'Delete');
      expect(table.Properties.DeletionProtectionEnabled, id).toBe(prod);
    }
  });

  it('requires strong passwords in the user pool, signing in with a verified email', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: Match.anyValue(),
        },
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      // Threat protection (Plus) where there are real users: test/infra/cognito.test.ts.
      UserPoolTier: prod ? 'PLUS' : 'ESSENTIALS',
    });
  });

  it(prod ? 'retains the user pool with deletion protection' : 'deletes the user pool with the stack', () => {
    const pool = resourceAt(stateful, 'UserPool');
    expect(pool.Type).toBe('AWS::Cognito::UserPool');
    expect(pool.DeletionPolicy).toBe(prod ? 'Retain' : 'Delete');
    expect(pool.Properties.DeletionProtection).toBe(prod ? 'ACTIVE' : 'INACTIVE');
  });

  it('has an admin group in the user pool', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin', UserPoolId: { Ref: 'UserPool' } });
  });

  it('has one public app client: no secret, password and SRP sign-in, no OAuth flows', () => {
    expect(resourcesOfType(stateful, 'AWS::Cognito::UserPoolClient')).toHaveLength(1);
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: { Ref: 'UserPool' },
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayEquals(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('outputs what the CLI sign-in needs', () => {
    stateful.hasOutput('UserPoolId', { Value: { Ref: 'UserPool' } });
    stateful.hasOutput('UserPoolClientId', { Value: { Ref: logicalIdOf(stacks.stateful.userPool.client) } });
  });

  it.each(app.consumers.map((consumer) => consumer.name))('outputs the %s queue and DLQ URLs that npm run dlq -- --stage reads', (name) => {
    const queues = stacks.stateful.consumerQueues[name]!;
    const outputs = queueOutputNames(name);
    stateful.hasOutput(outputs.queue, { Value: { Ref: logicalIdOf(queues.queue) } });
    stateful.hasOutput(outputs.deadLetterQueue, { Value: { Ref: logicalIdOf(queues.deadLetterQueue) } });
  });

  it.each(withOutbox)('outputs the %s relay on-failure queue URL and table name that the relay redrive reads', (service) => {
    const outputs = relayOutputNames(service);
    stateful.hasOutput(outputs.failureQueue, { Value: { Ref: logicalIdOf(stacks.stateful.relayFailureQueues[service]) } });
    stateful.hasOutput(outputs.table, { Value: { Ref: logicalIdOf(stacks.stateful.tables[service].table) } });
  });

  it('outputs the domain-events topic the relay redrive publishes to', () => {
    stateful.hasOutput(TOPIC_ARN_OUTPUT, { Value: { Ref: logicalIdOf(stacks.stateful.bus.topic) } });
  });

  it('pins the logical ids of the topic, its key and every queue', () => {
    expect(logicalIdOf(stacks.stateful.bus.topic)).toBe('DomainEventsTopic');
    expect(logicalIdOf(stacks.stateful.bus.key)).toBe('DomainEventsKey');
    const queues = resourcesOfType(stateful, 'AWS::SQS::Queue').map(([id]) => id);
    expect(queues).toHaveLength(withOutbox.length + app.consumers.length * 3);
    for (const id of queues) expect(id).toMatch(/^[A-Z][A-Za-z]+Queue$/);
  });
});
