/**
 * The functions that run on a schedule rather than on a request or a message: an outbox sweeper
 * per table with an outbox, and the orders' deadline. Derived from the declaration and the stage configuration,
 * so the stack (an EventBridge rule per job) and the local runtime (a timer per job) run the same
 * functions, with the same environment, at the same rate.
 */
import { expireOrders } from '../lambdas/orders/contract';
import { MAX_PER_RUN_ENV, ORDER_DEADLINE_SECONDS_ENV, SWEEP_GRACE_SECONDS_ENV } from '../lambdas/shared/env';
import type { StageConfig } from './config';
import { outboxOwners, type ApplicationDeclaration, type OutboxOwner, type TableOwner } from './declaration';
import type { FunctionIdentity } from './environment';

export interface ScheduledJob {
  /** kebab-case: the log service name, and the base of the function's name. */
  readonly name: string;
  /** The table whose data it works on. */
  readonly service: TableOwner;
  readonly handler: string;
  readonly description: string;
  readonly identity: FunctionIdentity;
  readonly everyMinutes: number;
  readonly timeoutSeconds: number;
}

/** The handler every table's sweeper runs: it publishes through the relay's own code. */
const SWEEPER_HANDLER = 'lambdas/relay/handlers/sweep.ts';
const SWEEPER_TIMEOUT_SECONDS = 60;

/**
 * A table's outbox sweeper: it reads the awaiting index (Query), publishes to the topic and marks
 * what SNS accepted (UpdateItem), exactly as the relay does.
 */
const sweeperIdentity = (service: OutboxOwner, config: StageConfig): FunctionIdentity => ({
  service,
  logService: `${service}-sweeper`,
  access: { [service]: ['Query', 'UpdateItem'] },
  publishesToTopic: true,
  outboxTable: service,
  settings: {
    [SWEEP_GRACE_SECONDS_ENV]: String(config.outboxSweeper.graceSeconds),
    [MAX_PER_RUN_ENV]: String(config.outboxSweeper.maxPerRun),
  },
});

export const scheduledJobs = (declaration: Pick<ApplicationDeclaration, 'tables'>, config: StageConfig): ScheduledJob[] => {
  const sweepers = outboxOwners(declaration).map(
    (service): ScheduledJob => ({
      name: `${service}-sweeper`,
      service,
      handler: SWEEPER_HANDLER,
      description: `Publishes the ${service} table's outbox items the relay has not marked published`,
      identity: sweeperIdentity(service, config),
      everyMinutes: config.outboxSweeper.everyMinutes,
      timeoutSeconds: SWEEPER_TIMEOUT_SECONDS,
    }),
  );
  const deadline: ScheduledJob[] =
    'orders' in declaration.tables
      ? [
          {
            name: expireOrders.name,
            service: 'orders',
            handler: expireOrders.handler,
            description: expireOrders.description,
            identity: {
              service: 'orders',
              logService: expireOrders.name,
              access: expireOrders.access,
              settings: {
                [ORDER_DEADLINE_SECONDS_ENV]: String(config.orderDeadline.seconds),
                [MAX_PER_RUN_ENV]: String(config.orderDeadline.maxPerRun),
              },
            },
            everyMinutes: config.orderDeadline.checkEveryMinutes,
            timeoutSeconds: expireOrders.timeoutSeconds,
          },
        ]
      : [];
  return [...sweepers, ...deadline];
};
