/**
 * What the local emulators' resources are called. The stack lets CloudFormation generate physical
 * names; locally they are short and readable, and handlers learn them the same way in both places:
 * through the environment that lib/environment.ts builds.
 */
import type { ConsumerDeclaration, OutboxOwner, TableOwner } from '../lib/declaration';

/** Every resource lives in one region; the emulators derive ARNs and queue URLs from it. */
export const LOCAL_REGION = 'us-east-1';
/** The account id fauxqs puts in ARNs and queue URLs. */
export const LOCAL_ACCOUNT_ID = '000000000000';

export const tableName = (service: TableOwner): string => service;
export const TOPIC_NAME = 'domain-events';
export const queueName = (consumer: ConsumerDeclaration): string => consumer.name;
export const deadLetterQueueName = (consumer: ConsumerDeclaration): string => `${consumer.name}-dlq`;
export const relayFailureQueueName = (service: OutboxOwner): string => `${service}-relay-failures`;

/** Function names: routes by their id, consumers by their name, one relay per table. */
export const consumerFunctionName = (consumer: ConsumerDeclaration): string => `${consumer.name}Consumer`;
export const relayFunctionName = (service: OutboxOwner): string => `${service}Relay`;
/** `orders-sweeper` -> `ordersSweeper`. */
export const jobFunctionName = (job: string): string => job.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

export const functionArn = (name: string): string => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${name}`;

/** Retention of dead-letter and on-failure queues: SQS's maximum, so nothing parked expires. */
export const PARKED_MESSAGE_RETENTION_SECONDS = 1_209_600;
