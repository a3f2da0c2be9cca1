import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AWAITING_INDEX, AWAITING_PK, AWAITING_SINCE } from '../../lambdas/shared/awaiting-index';
import { OUTBOX_PREFIX } from '../../lambdas/shared/outbox';
import type { TableOperation } from '../declaration';

/** The one global secondary index a table may have: `gsi1pk` / `gsi1sk`, every attribute projected. */
export const GSI1 = 'gsi1';

export interface ServiceTableProps {
  /**
   * Whether the table has the `gsi1` index (`gsi1pk`, `gsi1sk`, ALL projection), for list routes.
   * @default false
   */
  readonly gsi1?: boolean;
  /**
   * Whether the table holds an outbox: a NEW_IMAGE stream for the outbox relay. A table its
   * service emits no events from has no stream (nothing would read it).
   * @default true
   */
  readonly outbox?: boolean;
  /**
   * Keep the table when the stack is deleted and refuse `DeleteTable` (deletion protection).
   * `false` is for throw-away stages only: the table is destroyed with its stack.
   * @default true
   */
  readonly retain?: boolean;
}

/**
 * A service's single DynamoDB table (see docs/data-model.md): `pk`/`sk` strings, on-demand,
 * point-in-time recovery, encrypted with the AWS managed key, TTL on `expiresAt`, and (unless
 * `outbox: false`) a NEW_IMAGE stream that feeds the outbox relay.
 *
 * Access is granted per operation with {@link ServiceTable.grant}, never with the L2's
 * `grantReadData`/`grantReadWriteData` (those add actions a function does not use).
 */
export class ServiceTable extends Construct {
  readonly table: dynamodb.Table;
  /** Names of the table's global secondary indexes: what a `Query` grant extends to. */
  readonly indexNames: readonly string[];
  /** Whether the table holds an outbox (and so has a stream). */
  readonly hasOutbox: boolean;

  constructor(scope: Construct, id: string, props: ServiceTableProps = {}) {
    super(scope, id);
    const retain = props.retain ?? true;
    this.hasOutbox = props.outbox ?? true;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS managed key (aws/dynamodb) rather than a customer key: every use is still in
      // CloudTrail, but there is no key policy to keep in step and no kms:Decrypt to add to every
      // function's policy (a function's policy stays exactly its declared DynamoDB actions).
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: 'expiresAt',
      stream: this.hasOutbox ? dynamodb.StreamViewType.NEW_IMAGE : undefined,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const indexNames: string[] = [];
    if (props.gsi1) {
      this.table.addGlobalSecondaryIndex({
        indexName: GSI1,
        partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
      indexNames.push(GSI1);
    }
    this.indexNames = indexNames;
    // Sparse: only items waiting for something (unpublished outbox items, PENDING orders, open
    // connections until their token expires) carry its keys. A table without an outbox keeps it
    // for its other scheduled jobs: an index no item is in costs nothing.
    this.table.addGlobalSecondaryIndex({
      indexName: AWAITING_INDEX,
      partitionKey: { name: AWAITING_PK, type: dynamodb.AttributeType.STRING },
      sortKey: { name: AWAITING_SINCE, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }

  /** Lets `grantee` query the awaiting index (scheduled jobs), and nothing else of the table. */
  grantAwaitingQuery(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['dynamodb:Query'], resourceArns: [`${this.table.tableArn}/index/${AWAITING_INDEX}`] });
  }

  /**
   * Lets `grantee` mark outbox items published: UpdateItem on items whose partition key is an
   * outbox key only, so a relay or sweeper cannot change the service's own data.
   */
  grantOutboxMark(grantee: iam.IGrantable): iam.Grant {
    if (!this.hasOutbox) throw new Error(`${this.node.path} has no outbox: nothing may mark outbox items in it`);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:UpdateItem'],
      resourceArns: [this.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${OUTBOX_PREFIX}*`] } },
    });
  }

  /**
   * Lets `grantee` perform exactly `operations` on this table: one statement with
   * `dynamodb:<Op>` for each operation on the table ARN, plus the ARN of each index by name
   * when `Query` is among them (never `index/*`).
   */
  grant(grantee: iam.IGrantable, operations: readonly TableOperation[]): iam.Grant {
    if (operations.length === 0) throw new Error(`No operations to grant on ${this.node.path}`);
    const resourceArns = [this.table.tableArn];
    if (operations.includes('Query')) {
      resourceArns.push(...this.indexNames.map((name) => `${this.table.tableArn}/index/${name}`));
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...new Set(operations)].map((operation) => `dynamodb:${operation}`),
      resourceArns,
    });
  }
}
