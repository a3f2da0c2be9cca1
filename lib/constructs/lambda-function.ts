import * as path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { cdkBundlingOptions, LAMBDA_NODE_OPTIONS } from '../bundling';

/** How the function is invoked: decides where its failures go (and why it has no async DLQ). */
type FunctionInvocation = 'api' | 'sqs' | 'dynamodb-stream' | 'schedule';

const WHY_NO_ASYNC_DLQ: Record<FunctionInvocation, string> = {
  api: 'Invoked synchronously by API Gateway: the caller gets the error response; an asynchronous-invocation DLQ would never receive anything.',
  sqs: 'Invoked synchronously by its SQS event source mapping: failed messages return to the queue and move to its redrive dead-letter queue after maxReceiveCount; an asynchronous-invocation DLQ would never receive anything.',
  'dynamodb-stream':
    'Invoked synchronously by its DynamoDB stream event source mapping: failed records go to the mapping\'s on-failure SQS destination; an asynchronous-invocation DLQ would never receive anything.',
  schedule:
    'Invoked by its EventBridge schedule with no retries: a run carries no data of its own (it reads what to do from the table), so a failed run is redone in full by the next one; its Errors are alarmed.',
};

export interface LambdaFunctionProps {
  /** Absolute path of the handler's source file; it exports `handler`. */
  readonly entry: string;
  /** The repository root: where esbuild resolves packages and package-lock.json lives. */
  readonly projectRoot: string;
  /** How the function is invoked (see {@link FunctionInvocation}). */
  readonly invocation: FunctionInvocation;
  /** Memory in MB; CPU is proportional to it. */
  readonly memorySize: number;
  /**
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Environment variables (from `functionEnvironment()`); `NODE_OPTIONS` is added here.
   * @default - only NODE_OPTIONS
   */
  readonly environment?: Record<string, string>;
  /**
   * @default - no description
   */
  readonly description?: string;
  /**
   * Retention of the function's own log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Active X-Ray tracing.
   * @default true
   */
  readonly tracing?: boolean;
}

/**
 * A Node.js function bundled locally by esbuild (ESM, minified, source maps, AWS SDK v3 bundled
 * rather than taken from the runtime), on arm64 and the newest Node.js runtime, with its own
 * log group and an execution role that may write to that log group and nothing else. Access to
 * data is granted by whoever owns the data (`ServiceTable.grant`, `EventBus.grantPublish`, event sources).
 */
export class LambdaFunction extends Construct implements iam.IGrantable {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: LambdaFunctionProps) {
    super(scope, id);
    const tracing = props.tracing ?? true;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // An explicit role instead of the default one with AWSLambdaBasicExecutionRole, whose
    // logs:* on every log group in the account is more than a function writing its own logs needs.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);
    this.grantPrincipal = this.role;

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      tracing: tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      environment: { ...props.environment, NODE_OPTIONS: LAMBDA_NODE_OPTIONS },
      // ESM, minified, source maps, AWS SDK v3 bundled: one set of options, shared with the benchmark.
      bundling: cdkBundlingOptions(),
    });

    Validations.of(this.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason: WHY_NO_ASYNC_DLQ[props.invocation] });
    if (tracing) {
      Validations.of(this.role.node.findChild('DefaultPolicy')).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions (Resource must be *).',
      });
    } else {
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaTracing',
        reason: 'X-Ray tracing is a stage switch (StageConfig.tracing): off in dev to save cost, on in prod.',
      });
    }
  }
}
