import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AlarmConfig } from '../config';
import { serviceDashboardRow, apiDashboardRows, type DashboardMetrics } from './monitoring-dashboard';
import { idOf } from '../construct-id';

/** A function, with what the dashboard and alarm descriptions call it. */
export interface MonitoredFunction {
  /** E.g. the route id `placeOrder`, or `orders relay`. */
  readonly label: string;
  readonly function: lambda.IFunction;
  /**
   * The `service` dimension of the custom metrics it emits (its POWERTOOLS_SERVICE_NAME).
   * @default - it emits none
   */
  readonly metricService?: string;
}

/** A queue, with what the dashboard and alarm descriptions call it. */
interface MonitoredQueue {
  /** E.g. `inventory dead-letter queue`. */
  readonly label: string;
  readonly queue: sqs.IQueue;
}

/** One service's share of the system: a row of the dashboard, and the alarms on its failure paths. */
export interface MonitoredService {
  readonly name: string;
  /** The functions behind its API routes: requests, errors and latency on the dashboard. */
  readonly routes: readonly MonitoredFunction[];
  /** Its consumers' functions: an alarm on their errors. */
  readonly consumers: readonly MonitoredFunction[];
  /** The work queues its consumers drain: depth on the dashboard. */
  readonly queues: readonly MonitoredQueue[];
  /** Its table's outbox relays: alarms on their errors and on how far behind the stream they are. */
  readonly relays: readonly MonitoredFunction[];
  /**
   * Where its messages end up when they could not be processed or delivered (dead-letter queues,
   * relay on-failure queues): any message there raises an alarm.
   */
  readonly deadLetterQueues: readonly MonitoredQueue[];
}

/** When the alarms fire: the stage's `AlarmConfig` (lib/config.ts) less where they go. */
export type MonitoringThresholds = Omit<AlarmConfig, 'email' | 'requireSubscriber'>;

export interface MonitoringProps {
  /** The dashboard's title, e.g. `ServerlessGatewayEvents (prod)`. */
  readonly title: string;
  /** The API's stage: its request count, 5xx rate and latency are alarmed and graphed. */
  readonly apiStage: apigateway.Stage;
  readonly services: readonly MonitoredService[];
  readonly thresholds: MonitoringThresholds;
  /** The custom metrics' namespace and their `stage` dimension (lambdas/shared/metric-names.ts). */
  readonly customMetrics: { readonly namespace: string; readonly stage: string };
  /** Business metrics, each with the `service` dimension of the relay that emits it. */
  readonly businessMetrics: readonly { readonly name: string; readonly service: string }[];
  /**
   * Subscribed to the alarm topic by e-mail.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

/**
 * Operations for one stage: every alarm goes to one SNS topic (encrypted with its own key that
 * CloudWatch may use, TLS-only, optionally mailed to someone), and one CloudWatch dashboard has
 * a row for the API and a row per service. Alarms watch every place a message can get stuck
 * (any message in a dead-letter or on-failure queue, a relay falling behind its stream),
 * relay and consumer errors, and the API's 5xx rate and p99 latency (partial failures and
 * throttles: FailureAlarms).
 */
export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarmKey: kms.Key;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  private readonly period: Duration;
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { thresholds } = props;
    this.period = Duration.minutes(thresholds.periodMinutes);

    // Nothing is kept under this key once a message is delivered, so it goes with the stack.
    this.alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the alarm topic at rest',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${props.title} alarms`,
      masterKey: this.alarmKey,
      enforceSSL: true,
    });
    this.allowCloudWatchToPublish();
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.action = new actions.SnsAction(this.alarmTopic);

    const stage = props.apiStage;
    this.alarm('Api5xxRate', {
      description: `More than ${thresholds.api5xxPercent}% of API requests answered with a 5xx`,
      // 5XXError is 0 or 1 per request: its average is the share of requests that failed.
      metric: new cloudwatch.MathExpression({
        expression: '100 * errors',
        usingMetrics: { errors: stage.metricServerError({ statistic: cloudwatch.Stats.AVERAGE, period: this.period }) },
        label: '5xx (% of requests)',
        period: this.period,
      }),
      threshold: thresholds.api5xxPercent,
      evaluationPeriods: thresholds.sustainedPeriods,
    });
    this.alarm('ApiP99Latency', {
      description: `API p99 latency above ${thresholds.apiP99LatencyMs} ms`,
      metric: stage.metricLatency({ statistic: cloudwatch.Stats.p(99), period: this.period }),
      threshold: thresholds.apiP99LatencyMs,
      evaluationPeriods: thresholds.sustainedPeriods,
    });
    // Throttles are alarmed per service, on its own functions only: see failure-alarms.ts.
    for (const service of props.services) {
      for (const { label, queue } of service.deadLetterQueues) {
        this.alarm(`${idOf(label)}NotEmpty`, {
          description: `A message is waiting in the ${label}: inspect it, fix the cause, then redrive it`,
          metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, period: this.period }),
          threshold: 0,
        });
      }
      for (const { label, function: fn } of [...service.consumers, ...service.relays]) {
        this.alarm(`${idOf(label)}Errors`, {
          description: `The ${label} failed ${thresholds.functionErrors} or more invocations`,
          metric: fn.metricErrors({ statistic: cloudwatch.Stats.SUM, period: this.period }),
          threshold: thresholds.functionErrors,
          comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        });
      }
      for (const { label, function: fn } of service.relays) {
        this.alarm(`${idOf(label)}IteratorAge`, {
          description: `The ${label} is more than ${thresholds.iteratorAgeSeconds} s behind its table's stream`,
          metric: iteratorAgeOf(fn, this.period),
          threshold: thresholds.iteratorAgeSeconds * 1000,
        });
      }
    }

    const metrics: DashboardMetrics = {
      period: this.period,
      iteratorAge: iteratorAgeOf,
      custom: (name, service) =>
        new cloudwatch.Metric({
          namespace: props.customMetrics.namespace,
          metricName: name,
          dimensionsMap: { service, stage: props.customMetrics.stage },
          statistic: cloudwatch.Stats.SUM,
          period: this.period,
          label: `${name} (${service})`,
        }),
    };
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: [
        ...apiDashboardRows(props.title, stage, props.businessMetrics, thresholds, metrics),
        ...props.services.flatMap((service) => serviceDashboardRow(service, thresholds, metrics)),
      ],
    });
  }

  /** An alarm on a failure path, notifying the topic when it fires and when it clears. */
  private alarm(
    id: string,
    options: {
      description: string;
      metric: cloudwatch.IMetric;
      threshold: number;
      evaluationPeriods?: number;
      comparison?: cloudwatch.ComparisonOperator;
    },
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: options.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      // No data means nothing happened: no requests, no errors, an empty queue.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }

  /**
   * CloudWatch publishes as a service principal: the topic must let it (this account's alarms
   * only), and it must be able to use the topic's key, which AWS-managed SNS keys do not allow.
   * The key statement is the one AWS documents, without conditions: SNS calls KMS on CloudWatch's
   * behalf, and the alarm's ARN is not in that request's context to match.
   */
  private allowCloudWatchToPublish(): void {
    const { account, region, partition } = Stack.of(this);
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
    };
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({ principals: [cloudWatch], actions: ['sns:Publish'], resources: [this.alarmTopic.topicArn], conditions: fromOurAlarms }),
    );
    this.alarmKey.addToResourcePolicy(
      new iam.PolicyStatement({ principals: [cloudWatch], actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: ['*'] }),
    );
  }
}

/** How far behind its stream a relay is: the age of the last record it read when it read it. */
const iteratorAgeOf = (fn: lambda.IFunction, period: Duration): cloudwatch.Metric =>
  fn.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period });

