import { CfnParameter, Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** SNS protocols that reach a person or a pager; the endpoint's format follows the protocol. */
const ALARM_SUBSCRIBER_PROTOCOLS = ['email', 'email-json', 'https', 'sms', 'lambda', 'sqs', 'firehose'] as const;

export interface AlarmSubscriberProps {
  readonly topic: sns.ITopic;
}

/**
 * Makes a deployment name who receives the alarms: two stack parameters, `AlarmSubscriberEndpoint`
 * (no default, so `cdk deploy` refuses to run without
 * `--parameters AlarmSubscriberEndpoint=ops@example.com`) and `AlarmSubscriberProtocol` (default
 * `email`), subscribed to the alarm topic. `cdk synth` needs neither: the template only declares them.
 */
export class AlarmSubscriber extends Construct {
  readonly endpoint: CfnParameter;
  readonly protocol: CfnParameter;

  constructor(scope: Construct, id: string, props: AlarmSubscriberProps) {
    super(scope, id);
    // Logical ids fixed: they are what operators type on the command line.
    this.endpoint = new CfnParameter(scope, 'AlarmSubscriberEndpoint', {
      type: 'String',
      minLength: 1,
      description: 'Who receives the alarms: an e-mail address, or the endpoint of AlarmSubscriberProtocol (an https URL, a phone number, an ARN)',
    });
    this.protocol = new CfnParameter(scope, 'AlarmSubscriberProtocol', {
      type: 'String',
      default: 'email',
      allowedValues: [...ALARM_SUBSCRIBER_PROTOCOLS],
      description: 'The SNS protocol of AlarmSubscriberEndpoint',
    });
    const subscription = new sns.CfnSubscription(this, 'Subscription', {
      topicArn: props.topic.topicArn,
      protocol: this.protocol.valueAsString,
      endpoint: this.endpoint.valueAsString,
    });
    Validations.of(subscription).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'The alarm notification itself: SNS retries delivery by the protocol\'s policy, and an alarm is re-sent on every state change. A dead-letter queue here would need an alarm of its own, delivered over this same subscription.',
    });
  }
}
