import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { LambdaFunctionProps } from '../constructs/lambda-function';
import { ScheduledJob } from '../constructs/scheduled-job';
import type { ScheduledJob as ScheduledJobDeclaration } from '../scheduled-jobs';
import { tablesOf } from '../declaration';
import type { FunctionIdentity } from '../environment';
import type { SocketApi } from '../constructs/socket-api';
import { pascal } from './stage-settings';
import type { StatefulStack } from './stateful-stack';

type FunctionPropsOf = (
  identity: FunctionIdentity,
  handler: string,
  settings: { memoryMb: number | undefined; timeoutSeconds: number; description: string },
) => Omit<LambdaFunctionProps, 'invocation'>;

/**
 * One ScheduledJob per job (lib/scheduled-jobs.ts), each with exactly its access: a job queries
 * the awaiting index only (never the table or its other indexes), marks outbox items through the
 * outbox-only grant, has the other operations it declares on its table, and manages the socket's
 * connections (on that API only) if it posts to them.
 */
export const createScheduledJobs = (
  scope: Construct,
  jobs: readonly ScheduledJobDeclaration[],
  resources: Pick<StatefulStack, 'tables' | 'bus'> & { readonly socket?: SocketApi },
  functionProps: FunctionPropsOf,
): Record<string, ScheduledJob> => {
  const jobsScope = new Construct(scope, 'Jobs');
  const created: Record<string, ScheduledJob> = {};
  for (const job of jobs) {
    const scheduled = new ScheduledJob(jobsScope, job.name.split('-').map(pascal).join(''), {
      function: functionProps(job.identity, job.handler, { memoryMb: job.memoryMb, timeoutSeconds: job.timeoutSeconds, description: job.description }),
      everyMinutes: job.everyMinutes,
      description: `${job.description} (every ${Duration.minutes(job.everyMinutes).toHumanString()})`,
    });
    for (const [service, operations] of tablesOf(job.identity.access)) {
      const table = resources.tables[service];
      if (operations.includes('Query')) table.grantAwaitingQuery(scheduled);
      if (job.identity.outboxTable === service && operations.includes('UpdateItem')) table.grantOutboxMark(scheduled);
      const others = operations.filter((operation) => operation !== 'Query' && !(job.identity.outboxTable === service && operation === 'UpdateItem'));
      if (others.length > 0) table.grant(scheduled, others);
    }
    if (job.identity.publishesToTopic) resources.bus.grantPublish(scheduled.handler);
    if (job.identity.postsToSocket) {
      if (!resources.socket) throw new Error(`Job ${job.name} posts to its service's socket, but the application has none`);
      resources.socket.grantManageConnections(scheduled);
    }
    created[job.name] = scheduled;
  }
  return created;
};
