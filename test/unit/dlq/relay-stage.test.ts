/**
 * `npm run dlq` on a relay's on-failure queue of a deployed stage, against mocked AWS clients:
 * the real adapters (SQS pointer queue, DynamoDB outbox reads, the relay's own publishing and
 * marking code) over an in-memory outbox table. No test calls AWS.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand, SNSClient, type PublishBatchCommandInput } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { TOPIC_ARN_OUTPUT } from '../../../lib/queue-outputs';
import { parseDlqArgs } from '../../../scripts/dlq/args';
import { runDlqCommand } from '../../../scripts/dlq/cli';
import { connectStage, statefulStackName } from '../../../scripts/dlq/targets';
import { signedUp } from '../relay/fixtures';
import { InMemoryOutboxTable } from '../relay/outbox-table';
import { queueUrl, stackOutputs as stageOutputs, tableOwners, TOPIC } from './stage-outputs';

const cloudFormation = mockClient(CloudFormationClient);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const ddb = mockClient(DynamoDBDocumentClient);

const USERS_TABLE = 'ServerlessGatewayEvents-dev-Stateful-UsersTable-ABC';
const url = queueUrl;
const services = tableOwners;

const stackOutputs = () => stageOutputs((service) => (service === 'users' ? USERS_TABLE : `${service}-table`));

const pointer = (first: string, last: string) =>
  JSON.stringify({
    requestContext: { requestId: 'r-1', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:relay', condition: 'RecordAgeExceeded', approximateInvokeCount: 0 },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2025-03-01T11:10:00.000Z',
    DDBStreamBatchInfo: {
      shardId: 'shardId-00000001740816000000-aaaa',
      startSequenceNumber: '4000000000000000001',
      endSequenceNumber: '4000000000000000009',
      approximateArrivalOfFirstRecord: first,
      approximateArrivalOfLastRecord: last,
      batchSize: 9,
      streamArn: `arn:aws:dynamodb:eu-west-1:123456789012:table/${USERS_TABLE}/stream/2025-03-01T00:00:00.000`,
    },
  });

const event = (n: number, time: string) => signedUp(n, { occurredAt: `2025-03-01T${time}.000Z` });

const capture = () => {
  const lines: string[] = [];
  const progress: string[] = [];
  return { lines, progress, out: { line: (text: string) => lines.push(text), progress: (text: string) => progress.push(text) } };
};

const connect = () =>
  connectStage('dev', {
    cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
    sqs: new SQSClient({ region: 'eu-west-1' }),
    dynamoDb: new DynamoDBClient({ region: 'eu-west-1' }),
  });

let table: InMemoryOutboxTable;
/** Every SNS publish and SQS delete, in the order they happened. */
let calls: string[];
let parked: { MessageId: string; ReceiptHandle: string; Body: string }[];

const acceptAll = (input: PublishBatchCommandInput) => {
  calls.push(`publish ${input.PublishBatchRequestEntries!.map((entry) => (JSON.parse(entry.Message!) as { id: string }).id).join(',')}`);
  return { Successful: input.PublishBatchRequestEntries!.map((entry) => ({ Id: entry.Id, MessageId: `m-${entry.Id}` })), Failed: [] };
};

describe('npm run dlq on a relay on-failure queue, --stage (mocked AWS)', () => {
  beforeEach(() => {
    for (const mock of [cloudFormation, sqs, sns, ddb]) mock.reset();
    table = new InMemoryOutboxTable(ddb);
    calls = [];
    parked = [{ MessageId: 'ptr-1', ReceiptHandle: 'rh-1', Body: pointer('2025-03-01T10:00:00Z', '2025-03-01T10:00:09Z') }];
    cloudFormation.on(DescribeStacksCommand, { StackName: statefulStackName('dev') }).resolves({ Stacks: [{ StackName: 'x', CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE', Outputs: stackOutputs() }] });
    sqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => ({
      Attributes: { ApproximateNumberOfMessages: input.QueueUrl === url('users-relay-failures') ? String(parked.length) : '0', ApproximateNumberOfMessagesNotVisible: '0' },
    }));
    sqs.on(ReceiveMessageCommand).callsFake(() => ({ Messages: parked.splice(0) }));
    sqs.on(DeleteMessageCommand).callsFake((input: { ReceiptHandle: string }) => {
      calls.push(`delete ${input.ReceiptHandle}`);
      return {};
    });
    sqs.on(ChangeMessageVisibilityCommand).callsFake((input: { ReceiptHandle: string; VisibilityTimeout: number }) => {
      calls.push(`release ${input.ReceiptHandle} ${input.VisibilityTimeout}`);
      return {};
    });
    sns.on(PublishBatchCommand).callsFake(acceptAll);
  });
  afterEach(() => {
    for (const mock of [cloudFormation, sqs, sns, ddb]) mock.reset();
  });

  it('lists each table\'s relay on-failure queue from the stack outputs, with its pointer count', async () => {
    const { lines, out } = capture();

    await runDlqCommand(parseDlqArgs(['list', '--stage', 'dev']), await connect(), out);

    expect(lines).toContain('Relay on-failure queues (pointers to stream records; redrive republishes their events from the outbox):');
    expect(lines.filter((line) => /-relay-failures\s+\d+ pointer\(s\)$/.test(line))).toHaveLength(services.length);
    expect(lines.find((line) => line.includes('users-relay-failures'))).toMatch(/ 1 pointer\(s\)$/);
  });

  it('says to deploy first when the stack lacks the relay outputs', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'x', CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE', Outputs: stackOutputs().filter((output) => output.OutputKey !== TOPIC_ARN_OUTPUT) }],
    });

    await expect(connect()).rejects.toThrow(`has no output ${TOPIC_ARN_OUTPUT}: deploy this version of the app first.`);
  });

  it('shows a pointer with the unpublished outbox items of its window, without taking it off the queue', async () => {
    table.put(event(1, '10:00:03'));
    table.put(event(2, '10:00:08'));
    table.markBehindTheIndex(event(2, '10:00:08').id);
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [{ ...parked[0]!, Attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now() - 60_000) } }] });
    const { lines, out } = capture();

    await runDlqCommand(parseDlqArgs(['show', 'users-relay-failures', '--stage', 'dev']), await connect(), out);

    const text = lines.join('\n');
    expect(text).toContain('users-relay-failures on stage dev');
    expect(text).toContain(`RecordAgeExceeded  table ${USERS_TABLE}  shard shardId-00000001740816000000-aaaa  records 4000000000000000001..4000000000000000009 (9)`);
    expect(text).toMatch(new RegExp(`unpublished outbox items of ${USERS_TABLE} written .*: 1\\n    UserSignedUp ${event(1, '10:00:03').id}`));
    for (const call of sqs.commandCalls(ReceiveMessageCommand)) expect(call.args[0].input.VisibilityTimeout).toBe(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('republishes through the relay\'s code the unmarked events of the pointer\'s window, marks them, and only then deletes the pointer', async () => {
    table.pageSize = 2;
    const inWindow = [1, 2, 3, 4, 5].map((n) => event(n, `10:00:0${n}`));
    for (const e of inWindow) table.put(e);
    table.markBehindTheIndex(inWindow[1]!.id);
    table.put(event(9, '09:00:00'));
    const { lines, progress, out } = capture();

    await runDlqCommand(parseDlqArgs(['redrive', 'users-relay-failures', '--stage', 'dev']), await connect(), out);

    const expected = [inWindow[0]!, inWindow[2]!, inWindow[3]!, inWindow[4]!].map((e) => e.id);
    expect(calls).toEqual([`publish ${expected.join(',')}`, 'delete rh-1']);
    const publish = sns.commandCalls(PublishBatchCommand)[0]!.args[0].input;
    expect(publish.TopicArn).toBe(TOPIC);
    expect(publish.PublishBatchRequestEntries![0]!.MessageAttributes).toEqual({
      type: { DataType: 'String', StringValue: 'UserSignedUp' },
      source: { DataType: 'String', StringValue: 'users' },
      correlationId: { DataType: 'String', StringValue: 'corr-1' },
    });
    for (const id of expected) expect(table.publishedAt(id)).toEqual(expect.any(String));
    expect(table.publishedAt(event(9, '09:00:00').id)).toBeUndefined();
    expect(progress.at(-1)).toBe(`Redriving users-relay-failures from the ${USERS_TABLE} outbox: 1/1 pointer(s), 4 event(s) republished`);
    expect(lines.at(-1)).toBe('Redrove 1 of 1 pointer(s) from users-relay-failures: 4 event(s) republished.');
  });

  it('leaves the pointer parked, visible again, and fails with the reason when SNS refuses an event', async () => {
    table.put(event(1, '10:00:01'));
    table.put(event(2, '10:00:02'));
    sns.on(PublishBatchCommand).callsFake((input: PublishBatchCommandInput) => ({
      Successful: [{ Id: input.PublishBatchRequestEntries![0]!.Id, MessageId: 'ok' }],
      Failed: [{ Id: input.PublishBatchRequestEntries![1]!.Id, Code: 'InternalError', SenderFault: false }],
    }));
    const { lines, out } = capture();

    await expect(runDlqCommand(parseDlqArgs(['redrive', 'users-relay-failures', '--stage', 'dev']), await connect(), out)).rejects.toThrow(
      '1 pointer(s) left parked on users-relay-failures (see above); fix the cause and run the redrive again.',
    );

    expect(calls).toEqual(['release rh-1 0']);
    expect(lines.join('\n')).toContain(`2 unpublished outbox item(s) in its window, 1 republished, 1 marked; left parked:\n  SNS refused 1 event(s): ${event(2, '10:00:02').id}`);
    expect(table.publishedAt(event(1, '10:00:01').id)).toEqual(expect.any(String));
    expect(table.publishedAt(event(2, '10:00:02').id)).toBeUndefined();
  });

  it('refuses an unknown queue, naming the relay queues among the known ones', async () => {
    const { out } = capture();

    await expect(runDlqCommand(parseDlqArgs(['redrive', 'user-relay-failures', '--stage', 'dev']), await connect(), out)).rejects.toThrow(/Known queues: .*users-relay-failures/);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });
});
