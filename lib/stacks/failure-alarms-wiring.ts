import type { StageConfig } from '../config';
import { AlarmSubscriber } from '../constructs/alarm-subscriber';
import { FailureAlarms, type FailureAlarmedService } from '../constructs/failure-alarms';
import type { MonitoredService } from '../constructs/monitoring';
import type { Monitoring } from '../constructs/monitoring';
import type { ScheduledJob } from '../constructs/scheduled-job';
import type { ScheduledJob as ScheduledJobDeclaration } from '../scheduled-jobs';
import { METRICS_NAMESPACE } from '../../lambdas/shared/metric-names';
import { Duration, type Stack } from 'aws-cdk-lib';

/**
 * The alarms on partial failures, per service, from what the Monitoring construct already
 * watches plus the scheduled jobs; and, where the stage asks for it, the stack parameter that
 * names who receives them.
 */
export const addFailureAlarms = (
  stack: Stack,
  config: StageConfig,
  monitoring: Monitoring,
  services: readonly MonitoredService[],
  jobs: readonly ScheduledJobDeclaration[],
  createdJobs: Readonly<Record<string, ScheduledJob>>,
): FailureAlarms => {
  const alarmed: FailureAlarmedService[] = services.map((service) => {
    const ownJobs = jobs.filter((job) => job.service === service.name);
    const jobFunctions = ownJobs.map((job) => ({ label: job.name, function: createdJobs[job.name]!.handler.function }));
    return {
      name: service.name,
      relayMetricServices: [
        ...service.relays.flatMap((relay) => (relay.metricService ? [relay.metricService] : [])),
        ...ownJobs.filter((job) => job.identity.publishesToTopic).map((job) => job.identity.logService ?? job.name),
      ],
      consumerMetricServices: service.consumers.flatMap((consumer) => (consumer.metricService ? [consumer.metricService] : [])),
      functions: [...service.routes, ...service.consumers, ...service.relays, ...jobFunctions].map((entry) => entry.function),
      jobs: jobFunctions,
    };
  });
  const alarms = new FailureAlarms(stack, 'FailureAlarms', {
    topic: monitoring.alarmTopic,
    period: Duration.minutes(config.alarms.periodMinutes),
    customMetrics: { namespace: METRICS_NAMESPACE, stage: config.stage },
    failures: config.alarms.functionErrors,
    throttles: config.alarms.throttles,
    services: alarmed,
  });
  if (config.alarms.requireSubscriber && !config.alarms.email) new AlarmSubscriber(stack, 'AlarmSubscriber', { topic: monitoring.alarmTopic });
  return alarms;
};
