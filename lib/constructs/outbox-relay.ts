import { Duration, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { onlyEventSourceMapping } from './consumer';
import type { EventBus } from './event-bus';
import { LambdaFunction, type LambdaFunctionProps } from './lambda-function';

export interface OutboxRelayProps {
  /** The table whose stream carries the outbox items. */
  readonly table: dynamodb.ITable;
  /** Where the relay publishes the events. */
  readonly bus: EventBus;
  /** Where records that still fail after the retries (and bisection) are parked. */
  readonly onFailureQueue: sqs.IQueue;
  /** The relay function. */
  readonly function: Omit<LambdaFunctionProps, 'invocation'>;
  /** The Lambda event filter that selects outbox inserts, passed verbatim (JSON-serialised). */
  readonly filterPattern: object;
  /**
   * Records per invocation.
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * How long to gather records before invoking; zero means invoke as soon as records arrive.
   * @default Duration.seconds(0)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Retries of a failing batch before its records go to the on-failure queue.
   * @default 5
   */
  readonly retryAttempts?: number;
  /**
   * Records older than this go to the on-failure queue instead of being retried.
   * @default Duration.hours(1)
   */
  readonly maxRecordAge?: Duration;
}

/**
 * Publishes a table's outbox items to the domain-events topic: a function on the table's
 * stream, filtered to outbox inserts, starting from the oldest record, with finite retries,
 * batch bisection and partial batch responses, and an on-failure SQS destination so that a
 * record that keeps failing is parked, never dropped. It may read the stream (granted by the
 * event source), publish to the topic and use the topic's key, and do nothing else.
 */
export class OutboxRelay extends Construct implements iam.IGrantable {
  readonly handler: LambdaFunction;
  readonly eventSourceMapping: lambda.EventSourceMapping;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: OutboxRelayProps) {
    super(scope, id);
    this.handler = new LambdaFunction(this, 'Handler', { ...props.function, invocation: 'dynamodb-stream' });
    this.grantPrincipal = this.handler.grantPrincipal;

    const window = props.maxBatchingWindow ?? Duration.seconds(0);
    this.handler.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        filters: [{ pattern: JSON.stringify(props.filterPattern) }],
        batchSize: props.batchSize ?? 100,
        maxBatchingWindow: window.toSeconds() > 0 ? window : undefined,
        retryAttempts: props.retryAttempts ?? 5,
        maxRecordAge: props.maxRecordAge ?? Duration.hours(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(props.onFailureQueue),
      }),
    );
    this.eventSourceMapping = onlyEventSourceMapping(this.handler.function);
    props.bus.grantPublish(this.handler);

    Validations.of(this.handler.role.node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The DynamoDB event source grants dynamodb:ListStreams, which supports no resource-level permissions (Resource must be *); it only lists stream ARNs. Reading records is scoped to this table\'s stream.',
    });
  }
}
