import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { idOf } from '../construct-id';

/** One service's functions as the failure alarms see them. */
export interface FailureAlarmedService {
  readonly name: string;
  /** The `service` dimensions under which its relay and sweeper count `RelayFailures`. */
  readonly relayMetricServices: readonly string[];
  /** The `service` dimensions under which its consumers count `ConsumerFailures`. */
  readonly consumerMetricServices: readonly string[];
  /** Every function of the service: their throttles are alarmed together. */
  readonly functions: readonly lambda.IFunction[];
  /** Its scheduled jobs: a run that fails is an invocation error. */
  readonly jobs: readonly { readonly label: string; readonly function: lambda.IFunction }[];
}

export interface FailureAlarmsProps {
  /** Where every alarm goes, when it fires and when it clears. */
  readonly topic: sns.ITopic;
  readonly period: Duration;
  /** The custom metrics' namespace and their `stage` dimension (lambdas/shared/metric-names.ts). */
  readonly customMetrics: { readonly namespace: string; readonly stage: string };
  /** Failed records, messages or runs in one period that fire an alarm. */
  readonly failures: number;
  /** Throttled invocations of one service's functions in one period that fire an alarm. */
  readonly throttles: number;
  readonly services: readonly FailureAlarmedService[];
}

/** CloudWatch alarms may combine at most ten metrics in one math expression. */
const MAX_METRICS_PER_ALARM = 10;

/**
 * Alarms on failures that leave every invocation successful: relays and consumers report a failed
 * record or message as a partial batch failure, so `Errors` stays at zero while `RelayFailures`
 * (relay and sweeper) and `ConsumerFailures` count them. Also each scheduled job's errors, and
 * each service's throttled invocations, its own functions only (never the whole account's).
 */
export class FailureAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, private readonly props: FailureAlarmsProps) {
    super(scope, id);
    this.action = new actions.SnsAction(props.topic);
    for (const service of props.services) {
      for (const metricService of service.relayMetricServices) this.onCustomMetric('RelayFailures', metricService, 'stream records or outbox items could not be published; they are retried, then parked');
      for (const metricService of service.consumerMetricServices) this.onCustomMetric('ConsumerFailures', metricService, 'messages failed; they are retried, then moved to the dead-letter queue');
      for (const job of service.jobs) {
        this.alarm(`${idOf(job.label)}Errors`, {
          description: `The ${job.label} failed ${props.failures} or more runs`,
          metric: job.function.metricErrors({ statistic: cloudwatch.Stats.SUM, period: props.period }),
          threshold: props.failures,
        });
      }
      this.onThrottles(service);
    }
  }

  private onCustomMetric(metricName: 'RelayFailures' | 'ConsumerFailures', metricService: string, what: string): void {
    this.alarm(`${idOf(metricService)}${metricName}`, {
      description: `${metricService}: ${this.props.failures} or more ${what} (${metricName})`,
      metric: new cloudwatch.Metric({
        namespace: this.props.customMetrics.namespace,
        metricName,
        dimensionsMap: { service: metricService, stage: this.props.customMetrics.stage },
        statistic: cloudwatch.Stats.SUM,
        period: this.props.period,
      }),
      threshold: this.props.failures,
    });
  }

  private onThrottles(service: FailureAlarmedService): void {
    const chunks: lambda.IFunction[][] = [];
    for (let start = 0; start < service.functions.length; start += MAX_METRICS_PER_ALARM) chunks.push(service.functions.slice(start, start + MAX_METRICS_PER_ALARM));
    chunks.forEach((functions, index) => {
      const usingMetrics = Object.fromEntries(
        functions.map((fn, i) => [`t${i}`, fn.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: this.props.period })]),
      );
      this.alarm(`${idOf(service.name)}Throttles${chunks.length > 1 ? index + 1 : ''}`, {
        description: `${this.props.throttles} or more throttled invocations of the ${service.name} service's functions`,
        metric: new cloudwatch.MathExpression({
          expression: Object.keys(usingMetrics).map((name) => `FILL(${name}, 0)`).join(' + '),
          usingMetrics,
          label: `${service.name} throttles`,
          period: this.props.period,
        }),
        threshold: this.props.throttles,
      });
    });
  }

  private alarm(id: string, options: { description: string; metric: cloudwatch.IMetric; threshold: number }): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }
}

