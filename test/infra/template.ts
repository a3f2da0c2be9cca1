import { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { QUOTED_BY_API_GATEWAY } from '../../lib/constructs/api';

/** A resource of a synthesized template, as far as these tests read it. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const resourcesOf = (template: Template): Record<string, TemplateResource> =>
  (template.toJSON() as { Resources: Record<string, TemplateResource> }).Resources;

export const resourcesOfType = (template: Template, type: string): [string, TemplateResource][] =>
  Object.entries(resourcesOf(template)).filter(([, resource]) => resource.Type === type);

/** The resource with this logical id; fails the test if there is none. */
export const resourceAt = (template: Template, logicalId: string): TemplateResource => {
  const resource = resourcesOf(template)[logicalId];
  if (!resource) throw new Error(`No resource ${logicalId} in the template`);
  return resource;
};

/** The logical id of an L2 construct's CloudFormation resource, overrides included. */
export const logicalIdOf = (construct: IConstruct): string => {
  const element = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(element instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(element).resolve(element.logicalId) as string;
};

/**
 * What a reference in an IAM policy points at, as a readable string: `UsersTable.Arn`,
 * `ProductsTable.Arn/index/gsi1`, `UsersTable.StreamArn`, `DomainEventsTopic.Ref`, `*`. Reads
 * of the stateful stack's outputs (or imports of its exports) are followed to what they
 * publish, so both stacks read the same.
 */
export const describeReference = (reference: unknown, exports: Readonly<Record<string, string>>): string => {
  if (typeof reference === 'string') return reference;
  if (reference && typeof reference === 'object') {
    const [[fn, argument]] = Object.entries(reference) as [[string, unknown]];
    if (fn === 'Fn::ImportValue' && typeof argument === 'string') {
      const exported = exports[argument];
      if (!exported) throw new Error(`Unknown export ${argument}`);
      return exported;
    }
    if (fn === 'Fn::GetStackOutput') {
      const { OutputName } = argument as { OutputName: string };
      const published = exports[OutputName];
      if (!published) throw new Error(`Unknown output ${OutputName}`);
      return published;
    }
    if (fn === 'Fn::GetAtt') return (argument as string[]).join('.');
    if (fn === 'Ref') return `${argument as string}.Ref`;
    if (fn === 'Fn::Join') {
      const [delimiter, parts] = argument as [string, unknown[]];
      return parts.map((part) => describeReference(part, exports)).join(delimiter);
    }
  }
  throw new Error(`Cannot describe ${JSON.stringify(reference)}`);
};

/**
 * What the stateful stack publishes: output logical id (read with `Fn::GetStackOutput`) and
 * export name (imported with `Fn::ImportValue`) -> what it is (`UsersTable.Arn`).
 */
export const exportsOf = (template: Template): Record<string, string> => {
  const outputs = (template.toJSON() as { Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }> }).Outputs ?? {};
  return Object.fromEntries(
    Object.entries(outputs).flatMap(([logicalId, output]) => {
      const value = describeReference(output.Value, {});
      return output.Export ? [[logicalId, value], [output.Export.Name, value]] : [[logicalId, value]];
    }),
  );
};

/** Every statement of every identity policy attached to the role. */
const statementsOfRole = (template: Template, roleLogicalId: string): PolicyStatement[] =>
  resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })),
    )
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement);

/** Every allowed action on every resource, as `action on resource` (statements expanded one pair at a time). */
export const permissionsOfRole = (
  template: Template,
  roleLogicalId: string,
  exports: Readonly<Record<string, string>>,
): string[] =>
  statementsOfRole(template, roleLogicalId)
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) =>
      asArray(statement.Action).flatMap((action) =>
        asArray(statement.Resource).map((resource) => `${action} on ${describeReference(resource, exports)}`),
      ),
    )
    .sort();

/** Every identity-policy statement in the template: managed, standalone and inline. */
export const allIdentityStatements = (template: Template): PolicyStatement[] => {
  const documents: { Statement: PolicyStatement[] }[] = [];
  for (const [, resource] of Object.entries(resourcesOf(template))) {
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      documents.push(resource.Properties.PolicyDocument as { Statement: PolicyStatement[] });
    }
    if (resource.Type === 'AWS::IAM::Role') {
      for (const inline of (resource.Properties.Policies as { PolicyDocument: { Statement: PolicyStatement[] } }[] | undefined) ?? []) {
        documents.push(inline.PolicyDocument);
      }
    }
  }
  return documents.flatMap((document) => document.Statement);
};

export const actionsOf = (statement: PolicyStatement): string[] => asArray(statement.Action);
export const resourcesOfStatement = (statement: PolicyStatement): unknown[] => asArray(statement.Resource);

/**
 * A stage's access log format as field -> `$context` variable. The format is not JSON itself:
 * variables API Gateway quotes are written bare, so they are put in quotes to read it.
 */
export const accessLogFieldsOf = (format: string): Record<string, string> => {
  let quoted = format;
  for (const variable of QUOTED_BY_API_GATEWAY) quoted = quoted.split(`:${variable}`).join(`:${JSON.stringify(variable)}`);
  return JSON.parse(quoted) as Record<string, string>;
};

/** The conditions of each allowed statement of the role's policies that grants `action`. */
export const conditionsOfRoleAction = (template: Template, roleLogicalId: string, action: string): unknown[] =>
  statementsOfRole(template, roleLogicalId)
    .filter((statement) => statement.Effect === 'Allow' && asArray(statement.Action).includes(action))
    .map((statement) => (statement as { Condition?: unknown }).Condition);
