import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LambdaFunction, type LambdaFunctionProps } from './lambda-function';

export interface ScheduledJobProps {
  /** The function the schedule runs. */
  readonly function: Omit<LambdaFunctionProps, 'invocation'>;
  /** How often it runs, in minutes. */
  readonly everyMinutes: number;
  /** What the rule's description says the job does. */
  readonly description: string;
}

/**
 * A function run on a fixed rate by an EventBridge rule. A run carries no input: it reads from
 * its table what is overdue, so neither EventBridge nor Lambda retries a failed run (it would only
 * overlap the next one, which redoes the work in full), and a run that fails counts in Errors.
 */
export class ScheduledJob extends Construct implements iam.IGrantable {
  readonly handler: LambdaFunction;
  readonly rule: events.Rule;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    if (!Number.isInteger(props.everyMinutes) || props.everyMinutes < 1) {
      throw new Error(`${this.node.path}: everyMinutes must be a whole number of minutes, at least 1 (got ${props.everyMinutes})`);
    }
    this.handler = new LambdaFunction(this, 'Handler', { ...props.function, invocation: 'schedule' });
    this.grantPrincipal = this.handler.grantPrincipal;
    this.handler.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(props.everyMinutes) });
    this.rule = new events.Rule(this, 'Schedule', {
      description: props.description,
      schedule: events.Schedule.rate(Duration.minutes(props.everyMinutes)),
      targets: [new targets.LambdaFunction(this.handler.function, { retryAttempts: 0, maxEventAge: Duration.minutes(props.everyMinutes) })],
    });
    const noDataToKeep =
      'A scheduled run carries no data (the job reads what is overdue from its table): a lost or failed run loses nothing, the next run does the same work, and failed runs raise the function\'s Errors alarm.';
    Validations.of(this.rule).acknowledge({ id: 'Serverless-EventBusDLQ', reason: noDataToKeep });
    const invokeConfig = this.handler.function.node.tryFindChild('EventInvokeConfig');
    if (!invokeConfig) throw new Error(`${this.node.path}: the function has no EventInvokeConfig`);
    Validations.of(invokeConfig).acknowledge({ id: 'Serverless-LambdaAsyncFailureDestination', reason: noDataToKeep });
  }
}
