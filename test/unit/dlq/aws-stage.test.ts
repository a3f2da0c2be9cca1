/** The --stage paths against mocked AWS clients: no test calls AWS. */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { app } from '../../../lib/app';
import { parseDlqArgs } from '../../../scripts/dlq/args';
import { runDlqCommand } from '../../../scripts/dlq/cli';
import { UnknownQueueError } from '../../../scripts/dlq/queues';
import { queueUrl, stackOutputs } from './stage-outputs';
import { runMessageMoveTask } from '../../../scripts/dlq/sqs-queues';
import { connectStage, statefulStackName } from '../../../scripts/dlq/targets';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const cloudFormation = mockClient(CloudFormationClient);
const sqs = mockClient(SQSClient);
const url = queueUrl;
const arn = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;

const connect = () => connectStage('dev', { cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }), sqs: new SQSClient({ region: 'eu-west-1' }) });

const capture = () => {
  const lines: string[] = [];
  const progress: string[] = [];
  return { lines, progress, out: { line: (text: string) => lines.push(text), progress: (text: string) => progress.push(text) } };
};

const inventory = app.consumers[0]!.name;

describe('npm run dlq -- --stage (mocked AWS)', () => {
  beforeEach(() => {
    cloudFormation.reset();
    sqs.reset();
    cloudFormation.on(DescribeStacksCommand, { StackName: statefulStackName('dev') }).resolves({ Stacks: [{ StackName: 'x', CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE', Outputs: stackOutputs() }] });
    sqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string; AttributeNames: string[] }) => ({
      Attributes: input.AttributeNames.includes('QueueArn')
        ? { QueueArn: arn(input.QueueUrl.split('/').pop()!) }
        : { ApproximateNumberOfMessages: input.QueueUrl.endsWith('-dlq') ? '2' : '0', ApproximateNumberOfMessagesNotVisible: '1', ApproximateNumberOfMessagesDelayed: '0' },
    }));
  });
  afterEach(() => {
    cloudFormation.reset();
    sqs.reset();
  });

  it('finds every consumer\'s queues in the stateful stack\'s outputs and lists their DLQs', async () => {
    const target = await connect();
    expect(target.queues.map((queue) => queue.name)).toEqual(app.consumers.map((consumer) => consumer.name));
    const { lines, out } = capture();
    await runDlqCommand(parseDlqArgs(['list', '--stage', 'dev']), target, out);
    expect(lines[0]).toContain(`stage dev (stack ${statefulStackName('dev')})`);
    const consumerLines = lines.slice(1, 1 + app.consumers.length);
    expect(consumerLines.map((line) => line.trim().split(/\s+/)[0])).toEqual(app.consumers.map((consumer) => consumer.name));
    for (const line of consumerLines) expect(line).toMatch(/ 3 message\(s\)$/);
  });

  it('says to deploy first when the stack lacks the queue outputs', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'x', CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE', Outputs: [] }] });
    await expect(connect()).rejects.toThrow(/has no output .*ConsumerQueueUrl.*deploy this version/);
  });

  it('shows messages with a receive that leaves them visible (VisibilityTimeout 0), each once', async () => {
    const body = JSON.stringify({ id: 'evt-9', type: 'OrderPlaced', correlationId: 'corr-9', data: {} });
    const message = { MessageId: 'm-9', Body: body, Attributes: { ApproximateReceiveCount: '6', SentTimestamp: String(Date.now() - 5000) } };
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [message] });
    const { lines, out } = capture();
    await runDlqCommand(parseDlqArgs(['show', inventory, '--stage', 'dev']), await connect(), out);
    const receives = sqs.commandCalls(ReceiveMessageCommand);
    expect(receives.length).toBeGreaterThanOrEqual(2);
    for (const call of receives) expect(call.args[0].input).toMatchObject({ QueueUrl: url(`${inventory}-dlq`), VisibilityTimeout: 0 });
    expect(lines[0]).toContain('1 message(s)');
    expect(lines[1]).toContain('OrderPlaced  event evt-9  correlation corr-9');
    expect(lines[1]).toContain('received 6x');
    expect(lines.at(-1)).toMatch(/CloudWatch Logs/);
  });

  it('redrives with a message move task from the DLQ to its source queue, reporting progress until it completes', async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({ Results: [{ Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 1, ApproximateNumberOfMessagesToMove: 3 }] })
      .resolves({ Results: [{ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 3, ApproximateNumberOfMessagesToMove: 3 }] });
    const target = await connect();
    const queue = target.queues.find((candidate) => candidate.name === inventory)!;
    const progress: string[] = [];
    const moved = await runMessageMoveTask(target.sqs, queue.dlqUrl, queue.sourceUrl, (done, total) => progress.push(`${done}/${total}`), { sleep: async () => undefined });
    expect(moved).toBe(3);
    expect(progress).toEqual(['1/3', '3/3']);
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]!.args[0].input).toEqual({ SourceArn: arn(`${inventory}-dlq`), DestinationArn: arn(inventory) });
    expect(sqs.commandCalls(ListMessageMoveTasksCommand)[0]!.args[0].input).toMatchObject({ SourceArn: arn(`${inventory}-dlq`) });
  });

  it('fails a redrive whose task fails, with the reason', async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-2' });
    sqs.on(ListMessageMoveTasksCommand).resolves({ Results: [{ Status: 'FAILED', ApproximateNumberOfMessagesMoved: 1, FailureReason: 'AccessDenied' }] });
    const target = await connect();
    const { out } = capture();
    await expect(runDlqCommand(parseDlqArgs(['redrive', inventory, '--stage', 'dev']), target, out)).rejects.toThrow('The message move task failed after 1 message(s): AccessDenied.');
  });

  it('refuses an unknown queue before calling SQS', async () => {
    const target = await connect();
    const { out } = capture();
    await expect(runDlqCommand(parseDlqArgs(['redrive', 'nope', '--stage', 'dev']), target, out)).rejects.toThrow(UnknownQueueError);
    await expect(runDlqCommand(parseDlqArgs(['redrive', 'nope', '--stage', 'dev']), target, out)).rejects.toThrow(/Known queues: /);
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });
});
