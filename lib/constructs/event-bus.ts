import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface EventBusProps {
  /**
   * Keep the topic's key when the stack is deleted. A key cannot be recovered once deleted,
   * and nothing encrypted with it can be read again.
   * @default true
   */
  readonly retain?: boolean;
  /**
   * @default - no display name
   */
  readonly displayName?: string;
}

/**
 * The domain-events topic: one standard SNS topic that every relay publishes to and every
 * consumer queue subscribes to, encrypted with its own customer-managed KMS key (rotated
 * yearly) and refusing any request not made over TLS.
 */
export class EventBus extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EventBusProps = {}) {
    super(scope, id);
    const retain = props.retain ?? true;

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the domain-events topic at rest',
      enableKeyRotation: true,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      pendingWindow: retain ? Duration.days(30) : Duration.days(7),
    });

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName,
      masterKey: this.key,
      enforceSSL: true,
    });
  }

  /**
   * Lets `grantee` publish to the topic: `sns:Publish` on the topic, and on its key exactly the
   * two actions an encrypted publish needs (`kms:GenerateDataKey`, `kms:Decrypt`), not the
   * `kms:GenerateDataKey*` wildcard that `Topic.grantPublish` adds.
   */
  grantPublish(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['sns:Publish'], resourceArns: [this.topic.topicArn] }).combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resourceArns: [this.key.keyArn],
      }),
    );
  }
}
