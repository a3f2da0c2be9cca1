/**
 * What the Monitoring construct watches, read from the declaration and the constructs the stacks
 * built from it: so a new route, consumer or table is on the dashboard, and its queues alarmed,
 * without anyone remembering to add it.
 */
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { BUSINESS_METRICS } from '../../lambdas/shared/metric-names';
import { outboxOwners, socketFunctions, type ApplicationDeclaration, type OutboxOwner } from '../declaration';
import { consumerLogService, relayIdentity } from '../environment';
import type { Consumer } from '../constructs/consumer';
import type { ConsumerQueue } from '../constructs/consumer-queue';
import type { LambdaFunction } from '../constructs/lambda-function';
import type { MonitoredService } from '../constructs/monitoring';
import type { OutboxRelay } from '../constructs/outbox-relay';

export interface MonitoredParts {
  /** By route id. */
  readonly routeFunctions: Readonly<Record<string, LambdaFunction>>;
  /** The socket's functions (authorizer and routes), by id; watched as its service's routes. */
  readonly socketFunctions: Readonly<Record<string, LambdaFunction>>;
  /** By consumer name. */
  readonly consumers: Readonly<Record<string, Consumer>>;
  readonly consumerQueues: Readonly<Record<string, ConsumerQueue>>;
  /** By service (tables with an outbox only). */
  readonly relays: Readonly<Record<OutboxOwner, OutboxRelay>>;
  readonly relayFailureQueues: Readonly<Record<OutboxOwner, sqs.IQueue>>;
}

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`No ${what}`);
  return value;
};

const outboxOwnerOf = (declaration: ApplicationDeclaration, service: string): OutboxOwner | undefined =>
  outboxOwners(declaration).find((owner) => owner === service);

/**
 * One entry per service: its routes, the consumers it owns, its relay (if its table has an
 * outbox) and every queue where its messages can get stuck.
 */
export const monitoredServices = (declaration: ApplicationDeclaration, parts: MonitoredParts): MonitoredService[] =>
  declaration.services.map(({ name: service }) => {
    const owner = outboxOwnerOf(declaration, service);
    const consumers = declaration.consumers
      .filter((consumer) => consumer.service === service)
      .map((consumer) => ({
        consumer,
        fn: required(parts.consumers[consumer.name], `consumer ${consumer.name}`),
        queues: required(parts.consumerQueues[consumer.name], `queues of consumer ${consumer.name}`),
      }));
    return {
      name: service,
      routes: [
        ...declaration.routes
          .filter((route) => route.service === service)
          .map((route) => ({ label: route.id, function: required(parts.routeFunctions[route.id], `function of route ${route.id}`).function })),
        ...socketFunctions(declaration.socket)
          .filter((fn) => fn.service === service)
          .map((fn) => ({ label: fn.id, function: required(parts.socketFunctions[fn.id], `function of socket ${fn.id}`).function })),
      ],
      consumers: consumers.map(({ consumer, fn }) => ({
        label: `${consumer.name} consumer`,
        function: fn.handler.function,
        metricService: consumerLogService(consumer),
      })),
      queues: consumers.map(({ consumer, queues }) => ({ label: `${consumer.name} queue`, queue: queues.queue })),
      relays: owner
        ? [{ label: `${owner} relay`, function: parts.relays[owner].handler.function, metricService: relayIdentity(owner).logService }]
        : [],
      deadLetterQueues: [
        ...consumers.flatMap(({ consumer, queues }) => [
          { label: `${consumer.name} dead-letter queue`, queue: queues.deadLetterQueue },
          { label: `${consumer.name} subscription dead-letter queue`, queue: queues.subscriptionDeadLetterQueue },
        ]),
        ...(owner ? [{ label: `${owner} relay on-failure queue`, queue: parts.relayFailureQueues[owner] }] : []),
      ],
    };
  });

/** Each business metric, under the `service` dimension of the relay that publishes (and counts) its event. */
export const businessMetricsOf = (declaration: ApplicationDeclaration): { name: string; service: string }[] =>
  BUSINESS_METRICS.map((name) => ({ name, service: required(relayIdentity(declaration.events[name].producer as OutboxOwner).logService, 'relay log service') }));
