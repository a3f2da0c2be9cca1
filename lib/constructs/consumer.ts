import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LambdaFunction, type LambdaFunctionProps } from './lambda-function';

export interface ConsumerProps {
  /** The queue the consumer drains (a `ConsumerQueue`'s work queue). */
  readonly queue: sqs.IQueue;
  /** The consuming function. */
  readonly function: Omit<LambdaFunctionProps, 'invocation'>;
  /**
   * Messages per invocation (above 10 needs a batching window).
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long to gather messages before invoking; zero means invoke as soon as messages arrive.
   * @default Duration.seconds(0)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * The most concurrent invocations the queue may drive (2 to 1000).
   * @default - no limit beyond the account's concurrency
   */
  readonly maxConcurrency?: number;
}

/**
 * The compute half of a consumer: a function fed by its queue through an SQS event source
 * mapping that reports partial batch failures, so one poisoned message is retried alone and
 * ends in the queue's dead-letter queue. The event source grants exactly the receive/delete
 * permissions on that one queue; the function's table access is granted by the table.
 */
export class Consumer extends Construct implements iam.IGrantable {
  readonly handler: LambdaFunction;
  readonly eventSourceMapping: lambda.EventSourceMapping;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: ConsumerProps) {
    super(scope, id);
    this.handler = new LambdaFunction(this, 'Handler', { ...props.function, invocation: 'sqs' });
    this.grantPrincipal = this.handler.grantPrincipal;

    const window = props.maxBatchingWindow ?? Duration.seconds(0);
    this.handler.function.addEventSource(
      new SqsEventSource(props.queue, {
        batchSize: props.batchSize ?? 10,
        maxBatchingWindow: window.toSeconds() > 0 ? window : undefined,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );
    this.eventSourceMapping = onlyEventSourceMapping(this.handler.function);
    Validations.of(this.eventSourceMapping).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'SQS event source mappings do not support on-failure destinations; a message that keeps failing moves to the queue\'s redrive dead-letter queue after maxReceiveCount receives.',
    });
  }
}

/** The mapping an event source just added to `fn` (it creates it as a child of the function). */
export const onlyEventSourceMapping = (fn: lambda.IFunction): lambda.EventSourceMapping => {
  const mappings = fn.node.children.filter((child): child is lambda.EventSourceMapping => child instanceof lambda.EventSourceMapping);
  const [mapping] = mappings;
  if (!mapping || mappings.length > 1) throw new Error(`Expected exactly one event source mapping on ${fn.node.path}`);
  return mapping;
};
