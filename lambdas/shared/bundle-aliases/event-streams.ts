/**
 * What the Lambda bundles get instead of `@smithy/core/event-streams` (lib/bundling.ts aliases it
 * here). The SDK's HTTP protocols import that module lazily, and only to serialise or parse an
 * event-stream payload: no operation of DynamoDB, SNS or SQS has one (the streaming APIs that do,
 * such as Bedrock's or Transcribe's, are not clients of this project). esbuild cannot drop a
 * dynamic import, so without the alias every bundle carries ~15 KB of framing, CRC and marshalling
 * code that never runs. Should a function ever call an event-stream operation, it fails at once
 * with the error below instead of sending a malformed request.
 */

const notBundled = (): Error =>
  new Error('Event streams are left out of the Lambda bundles (lib/bundling.ts): remove the @smithy/core/event-streams alias to call an event-stream operation.');

/** Same name and constructor shape as the SDK's; any use throws. */
export class EventStreamSerde {
  constructor(_options: unknown) {
    throw notBundled();
  }
}

/** Same name and call shape as the SDK's; any use throws. */
export const eventStreamSerdeProvider = (_options: unknown): never => {
  throw notBundled();
};
