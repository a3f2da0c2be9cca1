/**
 * The relay redrive's publisher (relay-redrive.ts's RepublishPort): the relay's own code,
 * lambdas/relay/publisher.ts and outbox-marks.ts, loaded into this process. That code builds its
 * SDK clients, logger and metrics once per container from the environment, as in Lambda; so the
 * environment is set first and the modules are imported after it, once.
 */
import { TOPIC_ARN_ENV } from '../../lambdas/shared/env';
import type { RepublishPort } from './relay-redrive';

export interface RelayPublishingSettings {
  readonly topicArn: string;
  /**
   * Locally, the emulators' endpoints, region and dummy credentials; on a stage, nothing: the
   * SDK's usual chain (your profile or environment) applies.
   */
  readonly local?: { readonly dynamodbEndpoint: string; readonly snsEndpoint: string; readonly region: string };
}

let loaded: Promise<RepublishPort> | undefined;

const load = async ({ topicArn, local }: RelayPublishingSettings): Promise<RepublishPort> => {
  process.env[TOPIC_ARN_ENV] = topicArn;
  if (local) {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: local.dynamodbEndpoint,
      AWS_ENDPOINT_URL_SNS: local.snsEndpoint,
      AWS_REGION: local.region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  }
  // A terminal is not CloudWatch: the relay's warnings and errors (a refused event, a failed
  // mark) go to stderr as its JSON lines; one info line per event and EMF metrics would be noise.
  process.env.POWERTOOLS_SERVICE_NAME ??= 'dlq-relay-redrive';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const [{ publishEvents }, { markPublished }] = await Promise.all([import('../../lambdas/relay/publisher'), import('../../lambdas/relay/outbox-marks')]);
  return {
    async republish(tableName, envelopes) {
      const { published, failed } = await publishEvents(envelopes.map((envelope) => ({ envelope })));
      const marked = await markPublished(tableName, published.map(({ envelope }) => envelope));
      return { published: published.map(({ envelope }) => envelope.id), refused: failed.map(({ envelope }) => envelope.id), marked };
    },
  };
};

/** The relay's publishing code, configured for one target; one configuration per process. */
export const relayRepublisher = (settings: RelayPublishingSettings): Promise<RepublishPort> => {
  loaded ??= load(settings);
  return loaded;
};
