/**
 * fauxqs (an in-process SNS/SQS emulator) on 127.0.0.1. It already does what the design relies
 * on: SNS filter policies, raw message delivery, RedrivePolicy to a DLQ after maxReceiveCount
 * receives, ApproximateReceiveCount, visibility timeouts and long polling. Two gaps are filled here:
 *
 * - `startFauxqs` listens on 0.0.0.0; its `buildApp` is listened on 127.0.0.1 instead.
 * - Its queue URLs are `http://sqs.<region>.localhost:<port>/...`, a host that does not resolve on
 *   every machine, and the SQS SDK sends requests to the queue URL's host. With the store's host
 *   emptied, fauxqs builds queue URLs from the request's Host, i.e. `http://127.0.0.1:<port>/...`.
 *   buildApp accepts the stores as an option but the package does not export their classes, so
 *   they are loaded from beside its entry point (fauxqs is pinned to an exact version).
 */
import type { AddressInfo } from 'node:net';
import { buildApp, type BuildAppOptions } from 'fauxqs';
import { LOCAL_REGION } from '../names';

type FauxqsStores = NonNullable<BuildAppOptions['stores']>;
export type SqsStore = FauxqsStores['sqsStore'];

export interface Fauxqs {
  readonly endpoint: string;
  readonly sqsStore: SqsStore;
  stop(): Promise<void>;
}

const loadStores = async (): Promise<FauxqsStores> => {
  const entry = import.meta.resolve('fauxqs');
  const load = async <T>(file: string, exported: string): Promise<new () => T> =>
    ((await import(new URL(file, entry).href)) as Record<string, new () => T>)[exported]!;
  const [Sqs, Sns, S3] = await Promise.all([
    load<FauxqsStores['sqsStore']>('./sqs/sqsStore.js', 'SqsStore'),
    load<FauxqsStores['snsStore']>('./sns/snsStore.js', 'SnsStore'),
    load<FauxqsStores['s3Store']>('./s3/s3Store.js', 'S3Store'),
  ]);
  const sqsStore = new Sqs();
  sqsStore.host = '';
  return { sqsStore, snsStore: new Sns(), s3Store: new S3() };
};

export const startFauxqs = async (): Promise<Fauxqs> => {
  const stores = await loadStores();
  const app = buildApp({ logger: false, defaultRegion: LOCAL_REGION, stores });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, sqsStore: stores.sqsStore, stop: () => app.close() };
};
