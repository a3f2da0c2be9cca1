import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /**
   * What the queue collects, for the reader of the acknowledgements and the console.
   * E.g. "messages the inventory consumer failed maxReceiveCount times".
   */
  readonly holds: string;
  /**
   * How long a message waits for someone to inspect and redrive it (SQS allows at most 14 days).
   * @default Duration.days(14)
   */
  readonly retentionPeriod?: Duration;
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The end of the line for messages that could not be processed or delivered: SQS-managed
 * encryption, TLS-only, the longest retention SQS allows. It has no dead-letter queue of its own.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? Duration.days(14),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const reason = `This queue is itself a dead-letter queue (${props.holds}); messages wait here for inspection and redrive, there is nowhere further to send them.`;
    Validations.of(this.queue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason },
      { id: 'Serverless-SQSRedrivePolicy', reason },
    );
  }
}
