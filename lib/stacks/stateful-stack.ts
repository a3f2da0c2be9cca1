import { CfnOutput, CfnResource, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import type { StageConfig } from '../config';
import {
  visibilityTimeoutSeconds,
  type ApplicationDeclaration,
  outboxOwners,
  type ClientAppName,
  type OutboxOwner,
  type TableOwner,
} from '../declaration';
import { ConsumerQueue } from '../constructs/consumer-queue';
import { DeadLetterQueue } from '../constructs/dead-letter-queue';
import { EventBus } from '../constructs/event-bus';
import { ServiceTable } from '../constructs/service-table';
import { UserPool } from '../constructs/user-pool';
import { queueOutputNames, relayOutputNames, TOPIC_ARN_OUTPUT } from '../queue-outputs';
import { pascal, removalPolicy } from './stage-settings';

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
  readonly declaration: ApplicationDeclaration;
}

/**
 * Everything that holds data or identity and must outlive a redeploy of the code: the service
 * tables, the user pool, the domain-events topic and its key, every queue (consumer work
 * queues, their dead-letter queues, the relays' on-failure queues) and the client apps' API
 * keys. Their logical ids are pinned,
 * so moving a construct in this file can never replace one of them.
 */
export class StatefulStack extends Stack {
  readonly tables: Readonly<Record<TableOwner, ServiceTable>>;
  readonly userPool: UserPool;
  readonly bus: EventBus;
  /** Each consumer's queues, by consumer name. */
  readonly consumerQueues: Readonly<Record<string, ConsumerQueue>>;
  /** Each relay's on-failure queue, by service (tables with an outbox only). */
  readonly relayFailureQueues: Readonly<Record<OutboxOwner, sqs.Queue>>;
  /**
   * Each client app's API key, by app. Stateful: the generated value ships inside the app, so a
   * replaced key would lock out every installed copy.
   */
  readonly apiKeys: Readonly<Partial<Record<ClientAppName, apigateway.ApiKey>>>;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config, declaration } = props;
    const retain = config.retainData;
    const removal = removalPolicy(config);
    const services = Object.keys(declaration.tables) as TableOwner[];

    this.tables = byService(services, (service) => {
      const { gsi1, outbox } = declaration.tables[service];
      const table = new ServiceTable(this, `${pascal(service)}Table`, { gsi1, outbox, retain });
      pin(table.table, `${pascal(service)}Table`);
      return table;
    });

    this.userPool = new UserPool(this, 'UserPool', {
      retain,
      featurePlan: config.cognito.featurePlan,
      email: config.cognito.email,
      warnWithoutSes: config.cognito.realUsers,
    });
    pin(this.userPool.userPool, 'UserPool');

    this.bus = new EventBus(this, 'DomainEvents', { retain, displayName: `${declaration.name} domain events` });
    pin(this.bus.key, 'DomainEventsKey');
    pin(this.bus.topic, 'DomainEventsTopic');

    this.relayFailureQueues = byService(outboxOwners(declaration), (service) => {
      const id = `${pascal(service)}RelayFailures`;
      const { queue } = new DeadLetterQueue(this, id, {
        holds: `${service} outbox records the relay could not publish after its retries`,
        removalPolicy: removal,
      });
      pin(queue, `${id}Queue`);
      // What `npm run dlq -- redrive <service>-relay-failures --stage` reads: the pointers and the outbox they point into.
      const outputs = relayOutputNames(service);
      new CfnOutput(this, outputs.failureQueue, { value: queue.queueUrl, description: `${service}: the relay's on-failure queue (parked stream pointers)` });
      new CfnOutput(this, outputs.table, { value: this.tables[service].table.tableName, description: `${service}: the table whose outbox items a relay redrive republishes` });
      return queue;
    });
    new CfnOutput(this, TOPIC_ARN_OUTPUT, { value: this.bus.topic.topicArn, description: 'The domain-events topic (a relay redrive publishes to it)' });

    const consumerQueues: Record<string, ConsumerQueue> = {};
    for (const consumer of declaration.consumers) {
      const id = `${pascal(consumer.name)}Consumer`;
      const queues = new ConsumerQueue(this, id, {
        topic: this.bus.topic,
        eventTypes: consumer.events,
        visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(consumer)),
        maxReceiveCount: consumer.maxReceiveCount,
        removalPolicy: removal,
      });
      pin(queues.queue, `${id}Queue`);
      pin(queues.deadLetterQueue, `${id}DeadLetterQueue`);
      pin(queues.subscriptionDeadLetterQueue, `${id}SubscriptionDeadLetterQueue`);
      const outputs = queueOutputNames(consumer.name);
      new CfnOutput(this, outputs.queue, { value: queues.queue.queueUrl, description: `${consumer.name}: the consumer's queue (redrive destination)` });
      new CfnOutput(this, outputs.deadLetterQueue, { value: queues.deadLetterQueue.queueUrl, description: `${consumer.name}: the consumer's dead-letter queue` });
      consumerQueues[consumer.name] = queues;
    }
    this.consumerQueues = consumerQueues;

    const apiKeys: Partial<Record<ClientAppName, apigateway.ApiKey>> = {};
    for (const [name, clientApp] of Object.entries(declaration.clientApps ?? {}) as [ClientAppName, { description: string }][]) {
      const id = `${pascal(name)}ApiKey`;
      const key = new apigateway.ApiKey(this, id, { description: `${clientApp.description} (${config.stage})`, enabled: true });
      key.applyRemovalPolicy(removal);
      pin(key, id);
      // Its value: aws apigateway get-api-key --include-value --api-key <id>
      new CfnOutput(this, `${id}Id`, { value: key.keyId });
      apiKeys[name] = key;
    }
    this.apiKeys = apiKeys;

    // What the README's CLI sign-in needs.
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPool.client.userPoolClientId });
  }
}

const byService = <S extends TableOwner, T>(services: readonly S[], make: (service: S) => T): Record<S, T> =>
  Object.fromEntries(services.map((service) => [service, make(service)])) as Record<S, T>;

/** Gives a stateful resource a logical id that does not depend on where it sits in the construct tree. */
const pin = (construct: IConstruct, logicalId: string): void => {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) throw new Error(`${construct.node.path} has no CloudFormation resource to pin`);
  resource.overrideLogicalId(logicalId);
};
