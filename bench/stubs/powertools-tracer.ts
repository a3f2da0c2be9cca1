/**
 * What-if stub for `@aws-lambda-powertools/tracer` (bench variants only, never deployed): a
 * Tracer that records nothing and wraps nothing, so a build with it shows what tracing costs.
 */
import { withNoOps } from './no-op';

type Decorator = (target: unknown, key: unknown, descriptor: PropertyDescriptor) => PropertyDescriptor;
const unchanged: Decorator = (_target, _key, descriptor) => descriptor;

export class Tracer {
  constructor(_options?: unknown) {
    return withNoOps(this);
  }
  isTracingEnabled(): boolean {
    return false;
  }
  captureAWSv3Client<T>(client: T): T {
    return client;
  }
  captureAWSClient<T>(client: T): T {
    return client;
  }
  captureAWS<T>(sdk: T): T {
    return sdk;
  }
  captureLambdaHandler(): Decorator {
    return unchanged;
  }
  captureMethod(): Decorator {
    return unchanged;
  }
  getSegment(): undefined {
    return undefined;
  }
  getRootXrayTraceId(): undefined {
    return undefined;
  }
}

/** The middy middleware (`@aws-lambda-powertools/tracer/middleware`). */
export const captureLambdaHandler = (): { before: () => Promise<void>; after: () => Promise<void>; onError: () => Promise<void> } => ({
  before: async () => undefined,
  after: async () => undefined,
  onError: async () => undefined,
});
