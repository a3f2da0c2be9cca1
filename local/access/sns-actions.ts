/** The IAM actions an SNS call needs. */
import { stringOf, type InputFields, type RequiredAction } from './required-action';

/** IAM has no PublishBatch action: a batch needs `sns:Publish` on its topic, like a single message. */
export const snsActions = (operation: string, input: InputFields): RequiredAction[] => {
  const topic = stringOf(input.TopicArn) ?? stringOf(input.TargetArn) ?? '*';
  const action = operation === 'PublishBatch' ? 'Publish' : operation;
  return [{ action: `sns:${action}`, resource: topic }];
};
