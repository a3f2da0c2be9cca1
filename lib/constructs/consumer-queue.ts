import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';

export interface ConsumerQueueProps {
  /** The topic the queue subscribes to. */
  readonly topic: sns.ITopic;
  /** The event types delivered to the queue: the subscription's filter policy on the `type` attribute. */
  readonly eventTypes: readonly string[];
  /** SQS visibility timeout; AWS recommends at least six times the consuming function's timeout. */
  readonly visibilityTimeout: Duration;
  /** Receives before a message is moved to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The stateful half of a consumer: its work queue subscribed to the domain-events topic with
 * a filter policy, the queue's dead-letter queue, and the subscription's own dead-letter queue
 * for messages SNS cannot deliver (e.g. the queue was deleted or its policy broken). All three
 * are encrypted (SQS-managed keys, which an encrypted SNS topic can deliver to without key
 * policy changes) and TLS-only. The function that drains it is a `Consumer`.
 */
export class ConsumerQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly subscriptionDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ConsumerQueueProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetterQueue', {
      holds: `messages its consumer failed ${props.maxReceiveCount} times`,
      removalPolicy,
    }).queue;
    this.subscriptionDeadLetterQueue = new DeadLetterQueue(this, 'SubscriptionDeadLetterQueue', {
      holds: 'events SNS could not deliver to the work queue',
      removalPolicy,
    }).queue;

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
      removalPolicy,
    });

    // The subscription adds the policies that let the topic send to the queue and to the
    // subscription's dead-letter queue (aws:SourceArn = the topic).
    props.topic.addSubscription(
      new subscriptions.SqsSubscription(this.queue, {
        rawMessageDelivery: true,
        filterPolicy: { type: sns.SubscriptionFilter.stringFilter({ allowlist: [...props.eventTypes] }) },
        deadLetterQueue: this.subscriptionDeadLetterQueue,
      }),
    );
  }
}
