/**
 * What-if entry (bench variants only, never deployed): a function's handler with Powertools
 * Tracer around it, as its documentation instruments a handler by hand: the DynamoDB client
 * captured (a sub-segment per call), a sub-segment per invocation with the cold-start and service
 * annotations. `bench-traced-handler` is aliased to the function's own handler file at build time.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
// @ts-expect-error: resolved by the variant's esbuild alias, not by TypeScript.
import { handler as traced } from 'bench-traced-handler';
import { dynamoDb } from '../../lambdas/shared/clients';

const tracer = new Tracer();
tracer.captureAWSv3Client(dynamoDb);

export const handler = async (event: unknown, context: Context): Promise<unknown> => {
  const segment = tracer.getSegment();
  const subsegment = segment?.addNewSubsegment(`## ${context.functionName}`);
  if (subsegment) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    const result: unknown = await (traced as (event: unknown, context: Context) => Promise<unknown>)(event, context);
    tracer.addResponseAsMetadata(result, context.functionName);
    return result;
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    subsegment?.close();
    if (segment) tracer.setSegment(segment);
  }
};
