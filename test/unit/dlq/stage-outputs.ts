/** The Stateful stack's outputs as CloudFormation would describe them for a stage, for the DLQ CLI's `--stage` tests. */
import { app } from '../../../lib/app';
import { outboxOwners, type OutboxOwner } from '../../../lib/declaration';
import { queueOutputNames, relayOutputNames, TOPIC_ARN_OUTPUT } from '../../../lib/queue-outputs';

export const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:domain-events';
export const queueUrl = (name: string): string => `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`;
/** The services with a relay (and so a relay on-failure queue): the tables with an outbox. */
export const tableOwners = outboxOwners(app);

/** Every consumer's queue and DLQ, every relay's failure queue and table, and the topic; `tableName` names a service's table. */
export const stackOutputs = (tableName: (service: OutboxOwner) => string = (service) => `${service}-table`) => [
  ...app.consumers.flatMap((consumer) => {
    const names = queueOutputNames(consumer.name);
    return [
      { OutputKey: names.queue, OutputValue: queueUrl(consumer.name) },
      { OutputKey: names.deadLetterQueue, OutputValue: queueUrl(`${consumer.name}-dlq`) },
    ];
  }),
  ...tableOwners.flatMap((service) => {
    const names = relayOutputNames(service);
    return [
      { OutputKey: names.failureQueue, OutputValue: queueUrl(`${service}-relay-failures`) },
      { OutputKey: names.table, OutputValue: tableName(service) },
    ];
  }),
  { OutputKey: TOPIC_ARN_OUTPUT, OutputValue: TOPIC },
];
