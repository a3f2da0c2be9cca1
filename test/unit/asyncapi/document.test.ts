import { readFileSync } from 'node:fs';
import { DiagnosticSeverity, Parser, type AsyncAPIDocumentInterface, type Diagnostic } from '@asyncapi/parser';
import Ajv from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { OrderPlaced } from '../../../lambdas/orders/events';
import { createEvent } from '../../../lambdas/shared/events/envelope';
import { app } from '../../../lib/app';
import { ASYNCAPI_FILE, asyncApiDocument, consumeOperationId, publishOperationId, serializeAsyncApi } from '../../../lib/asyncapi';
import type { EventType } from '../../../lib/declaration';

type Subscription = { endpoint: { name: string }; filterPolicy: { type: string[] }; rawMessageDelivery: boolean };
type Document = {
  operations: Record<string, { channel: { $ref: string } }>;
  channels: Record<string, { bindings?: { sqs?: { queue: { name: string; redrivePolicy: { maxReceiveCount: number } } } } }>;
  components: {
    messages: Record<string, { payload: object }>;
    operationBindings: { topicSubscriptions: { sns: { consumers: Subscription[] } } };
  };
};

const parser = new Parser();
const generated = asyncApiDocument() as unknown as Document;
const errorsOf = (diagnostics: Diagnostic[]): string[] =>
  diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.path.join('.')}: ${d.message}`);
const ids = (items: { id(): string }[]): string[] => items.map((item) => item.id()).sort();
const types = Object.keys(app.events) as EventType[];
const producers = [...new Set(types.map((type) => app.events[type].producer))];

describe('the AsyncAPI document', () => {
  let parsed: AsyncAPIDocumentInterface;

  beforeAll(async () => {
    const { document, diagnostics } = await parser.parse(serializeAsyncApi(asyncApiDocument()));
    if (!document) throw new Error(`The document does not parse: ${errorsOf(diagnostics).join('\n')}`);
    parsed = document;
  });

  it('is committed as generated from the current declaration', () => {
    expect(readFileSync(ASYNCAPI_FILE, 'utf8'), `${ASYNCAPI_FILE} is stale: run \`npm run docs\``).toBe(
      serializeAsyncApi(asyncApiDocument()),
    );
  });

  it('passes the AsyncAPI parser with no error', async () => {
    const diagnostics = await parser.validate(serializeAsyncApi(asyncApiDocument()));
    expect(errorsOf(diagnostics)).toEqual([]);
  });

  it('fails the parser when an operation names a channel that does not exist (the check can fail)', async () => {
    const broken = structuredClone(generated);
    broken.operations[consumeOperationId(app.consumers[0]!)]!.channel = { $ref: '#/channels/nowhere' };
    const diagnostics = await parser.validate(broken as never);
    expect(errorsOf(diagnostics)).toContainEqual(expect.stringContaining("'#/channels/nowhere' does not exist"));
  });

  it('has one message per declared event type', () => {
    expect(ids(parsed.components().messages().all())).toEqual([...types].sort());
  });

  it('gives each producing service a send operation to the topic listing exactly the events it produces', () => {
    for (const producer of producers) {
      const operation = parsed.operations().get(publishOperationId(producer));
      expect(operation?.action(), producer).toBe('send');
      expect(ids(operation!.messages().all())).toEqual(types.filter((type) => app.events[type].producer === producer).sort());
    }
    expect(parsed.operations().filterBySend()).toHaveLength(producers.length);
  });

  it('gives each consumer a receive operation from its queue listing exactly the events it subscribes to', () => {
    for (const consumer of app.consumers) {
      const operation = parsed.operations().get(consumeOperationId(consumer));
      expect(operation?.action(), consumer.name).toBe('receive');
      expect(ids(operation!.messages().all())).toEqual([...consumer.events].sort());
    }
    expect(parsed.operations().filterByReceive()).toHaveLength(app.consumers.length);
  });

  it("subscribes each consumer's queue with raw delivery, a filter on exactly its events and its maxReceiveCount", () => {
    const subscriptions = generated.components.operationBindings.topicSubscriptions.sns.consumers;
    for (const consumer of app.consumers) {
      const channel = generated.channels[generated.operations[consumeOperationId(consumer)]!.channel.$ref.split('/').pop()!];
      const queue = channel?.bindings?.sqs?.queue;
      const subscription = subscriptions.find((candidate) => candidate.endpoint.name === queue?.name);
      expect(subscription, consumer.name).toMatchObject({ rawMessageDelivery: true, filterPolicy: { type: [...consumer.events] } });
      expect(queue?.redrivePolicy.maxReceiveCount).toBe(consumer.maxReceiveCount);
    }
    expect(subscriptions).toHaveLength(app.consumers.length);
  });

  describe('a message payload', () => {
    const payload = generated.components.messages[OrderPlaced.type]!.payload;
    // Formats are left to the schema's readers: this checks the shape, which is what the document adds.
    const validate = new Ajv({ validateFormats: false }).compile(payload);
    const line = { productId: 'product-1', quantity: 2, unitPriceCents: 450 };
    const data = { orderId: 'order-1', userId: 'user-1', items: [line], totalCents: 900 };
    // As a consumer receives it: the envelope's JSON, the SQS message body.
    const envelope = JSON.parse(JSON.stringify(createEvent(OrderPlaced, 'order-1', data, 'correlation-1'))) as Record<string, unknown>;

    it('accepts a real envelope of its event, as createEvent builds it', () => {
      expect(validate(envelope), JSON.stringify(validate.errors)).toBe(true);
    });

    it('refuses an envelope whose data lacks a required field', () => {
      const { totalCents: _dropped, ...incomplete } = data;
      expect(validate({ ...envelope, data: incomplete })).toBe(false);
      expect(validate.errors).toContainEqual(expect.objectContaining({ keyword: 'required', params: { missingProperty: 'totalCents' } }));
    });
  });
});
