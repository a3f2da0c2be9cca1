/**
 * The widgets of the Monitoring construct's dashboard: a header and an API row, then per service
 * a row of requests, errors, latency, queue depth, dead-letter depth and iterator age. Widgets
 * only; which alarms exist is decided in monitoring.ts.
 */
import type { Duration } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { MonitoredFunction, MonitoredService, MonitoringThresholds } from './monitoring';

/** How the dashboard builds the metrics it shares with the alarms. */
export interface DashboardMetrics {
  readonly period: Duration;
  readonly iteratorAge: (fn: lambda.IFunction, period: Duration) => cloudwatch.Metric;
  /** A custom (EMF) metric of the functions logging under `service`, summed. */
  readonly custom: (name: string, service: string) => cloudwatch.Metric;
}

const WIDTH = 24;
const SERVICE_WIDGETS = 6;
const HEIGHT = 6;

const graph = (
  title: string,
  left: readonly cloudwatch.IMetric[],
  options: { right?: readonly cloudwatch.IMetric[]; alarmAbove?: number; width?: number } = {},
): cloudwatch.IWidget =>
  left.length === 0 && !options.right?.length
    ? new cloudwatch.TextWidget({ markdown: `**${title}**\n\nNothing here for this service.`, width: options.width ?? WIDTH / SERVICE_WIDGETS, height: HEIGHT })
    : new cloudwatch.GraphWidget({
        title,
        left: [...left],
        right: options.right ? [...options.right] : undefined,
        leftAnnotations: options.alarmAbove === undefined ? undefined : [{ value: options.alarmAbove, label: 'alarm', color: cloudwatch.Color.RED }],
        width: options.width ?? WIDTH / SERVICE_WIDGETS,
        height: HEIGHT,
      });

const heading = (markdown: string): cloudwatch.IWidget[] => [new cloudwatch.TextWidget({ markdown, width: WIDTH, height: 1 })];

/** The title, and the API's requests, errors and latency beside the business events. */
export const apiDashboardRows = (
  title: string,
  stage: apigateway.Stage,
  businessMetrics: readonly { readonly name: string; readonly service: string }[],
  thresholds: MonitoringThresholds,
  metrics: DashboardMetrics,
): cloudwatch.IWidget[][] => {
  const { period } = metrics;
  const sum = { statistic: cloudwatch.Stats.SUM, period };
  return [
    heading(`# ${title}: the API, then one row per service`),
    [
      graph('API requests', [stage.metricCount({ ...sum, label: 'requests' })], { width: 6 }),
      graph('API errors', [stage.metricClientError({ ...sum, label: '4xx' }), stage.metricServerError({ ...sum, label: '5xx' })], { width: 6 }),
      graph(
        'API latency (ms)',
        [
          stage.metricLatency({ statistic: cloudwatch.Stats.p(50), period, label: 'p50' }),
          stage.metricLatency({ statistic: cloudwatch.Stats.p(99), period, label: 'p99' }),
        ],
        { alarmAbove: thresholds.apiP99LatencyMs, width: 6 },
      ),
      graph('Business events', businessMetrics.map(({ name, service }) => metrics.custom(name, service).with({ label: name })), { width: 6 }),
    ],
  ];
};

const customOf = (metrics: DashboardMetrics, name: string, functions: readonly MonitoredFunction[]): cloudwatch.IMetric[] =>
  functions.flatMap((fn) => (fn.metricService ? [metrics.custom(name, fn.metricService)] : []));

/** One service's row, under its name. */
export const serviceDashboardRow = (
  service: MonitoredService,
  thresholds: MonitoringThresholds,
  metrics: DashboardMetrics,
): cloudwatch.IWidget[][] => {
  const { period } = metrics;
  const sum = { statistic: cloudwatch.Stats.SUM, period };
  const maximum = { statistic: cloudwatch.Stats.MAXIMUM, period };
  const allFunctions = [...service.routes, ...service.consumers, ...service.relays];
  return [
    heading(`## ${service.name}`),
    [
      graph('Requests', service.routes.map(({ label, function: fn }) => fn.metricInvocations({ ...sum, label }))),
      graph('Errors', allFunctions.map(({ label, function: fn }) => fn.metricErrors({ ...sum, label })), {
        right: [...customOf(metrics, 'ConsumerFailures', service.consumers), ...customOf(metrics, 'RelayFailures', service.relays)],
      }),
      graph('Latency p99 (ms)', service.routes.map(({ label, function: fn }) => fn.metricDuration({ statistic: cloudwatch.Stats.p(99), period, label }))),
      graph('Queue depth', service.queues.map(({ label, queue }) => queue.metricApproximateNumberOfMessagesVisible({ ...maximum, label })), {
        right: customOf(metrics, 'DuplicatesSkipped', service.consumers),
      }),
      graph('Dead letters', service.deadLetterQueues.map(({ label, queue }) => queue.metricApproximateNumberOfMessagesVisible({ ...maximum, label })), {
        alarmAbove: 0,
      }),
      graph('Iterator age (ms)', service.relays.map(({ label, function: fn }) => metrics.iteratorAge(fn, period).with({ label })), {
        right: customOf(metrics, 'EventsPublished', service.relays),
        alarmAbove: thresholds.iteratorAgeSeconds * 1000,
      }),
    ],
  ];
};
