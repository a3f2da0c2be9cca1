/** The cost model's arithmetic on a small, made-up set of measurements. */
import { describe, expect, it } from 'vitest';
import type { CapacityResults, MeasuredPath } from '../../bench/capacity/aggregate';
import { IDLE_SQS_REQUESTS_PER_QUEUE_MONTH, monthlyCost, PLATFORM_LOG_BYTES_PER_INVOCATION, type CostInputs } from '../../bench/cost-model';
import { PRICES } from '../../bench/prices';

const path = (overrides: Partial<MeasuredPath> & Pick<MeasuredPath, 'key' | 'function' | 'cause'>): MeasuredPath => ({
  samples: 1,
  durationMs: 9.2,
  readUnits: 0,
  writeUnits: 0,
  refusedWriteUnits: 0,
  dynamoCalls: 1,
  logBytes: 0,
  emitted: {},
  ...overrides,
});

const capacity: CapacityResults = {
  iterations: 1,
  requests: [
    path({ key: 'getProduct', function: 'getProduct', cause: 'getProduct', readUnits: 0.5 }),
    path({ key: 'placeOrder', function: 'placeOrder', cause: 'placeOrder', readUnits: 1, writeUnits: 6, emitted: { OrderPlaced: 1 } }),
  ],
  deliveries: [
    path({ key: 'OrderPlaced -> inventoryConsumer', function: 'inventoryConsumer', cause: 'OrderPlaced', writeUnits: 6, emitted: { StockReserved: 1 } }),
    path({ key: 'OrderPlaced -> inventoryConsumer (rejected)', function: 'inventoryConsumer', cause: 'OrderPlaced', writeUnits: 100 }),
  ],
  relay: { samples: 1, durationMs: 0.5, logBytes: 0, snsPublishRequests: 1 },
};

const inputs = (overrides: Partial<CostInputs> = {}): CostInputs => ({
  requestsPerMonth: 1_000_000,
  mix: { getProduct: 3, placeOrder: 1 },
  capacity,
  memoryMb: { getProduct: 1024, placeOrder: 1024, inventoryConsumer: 1024, relay: 1024 },
  initMs: {},
  coldStartRate: 0,
  tracing: false,
  waf: false,
  accessLogBytesPerRequest: 0,
  prices: PRICES,
  ...overrides,
});

describe('the monthly cost model', () => {
  it('splits requests by the normalised mix and charges API Gateway per request', () => {
    const report = monthlyCost(inputs());

    const getProduct = report.rows.find((row) => row.item === 'getProduct')!;
    expect(getProduct.count).toBe(750_000);
    expect(getProduct.monthly.apiGateway).toBeCloseTo(0.75 * PRICES.apiGateway.restRequestsPerMillion, 9);
  });

  it('charges Lambda per request and per GB-second of the duration rounded up to the millisecond', () => {
    const getProduct = monthlyCost(inputs()).rows.find((row) => row.item === 'getProduct')!;

    expect(getProduct.monthly.lambdaRequests).toBeCloseTo(0.75 * PRICES.lambda.requestsPerMillion, 9);
    expect(getProduct.monthly.lambdaDuration).toBeCloseTo(750_000 * 0.01 * 1 * PRICES.lambda.arm64PerGbSecond, 9);
  });

  it('charges DynamoDB the measured read and write units', () => {
    const placeOrder = monthlyCost(inputs()).rows.find((row) => row.item === 'placeOrder')!;

    expect(placeOrder.monthly.dynamodb).toBeCloseTo(0.25 * (1 * PRICES.dynamodb.readRequestUnitsPerMillion + 6 * PRICES.dynamodb.writeRequestUnitsPerMillion), 9);
  });

  it('follows each event to its consumers: one SNS publish, a receive and a delete per delivery, the rejected story left out', () => {
    const report = monthlyCost(inputs());

    const relay = report.rows.find((row) => row.item === 'OrderPlaced (relay, SNS publish)')!;
    expect(relay.count).toBe(250_000);
    expect(relay.monthly.sns).toBeCloseTo(0.25 * PRICES.sns.publishesPerMillion, 9);
    const delivery = report.rows.find((row) => row.item === 'OrderPlaced -> inventoryConsumer')!;
    expect(delivery.monthly.sqs).toBeCloseTo(0.25 * 2 * PRICES.sqs.requestsPerMillion, 9);
    expect(delivery.writeUnits).toBe(6);
    // StockReserved has no measured consumer here: it is still relayed and published.
    expect(report.rows.map((row) => row.item)).toContain('StockReserved (relay, SNS publish)');
  });

  it('adds log ingestion for what the functions write plus the platform lines', () => {
    const getProduct = monthlyCost(inputs()).rows.find((row) => row.item === 'getProduct')!;

    expect(getProduct.monthly.logs).toBeCloseTo(((750_000 * PLATFORM_LOG_BYTES_PER_INVOCATION) / 1024 ** 3) * PRICES.cloudwatchLogs.ingestionPerGb, 9);
  });

  it('samples X-Ray traces at one a second plus 5 % of the rest', () => {
    const perSecond = 1_000_000 / (30 * 24 * 3600);
    const report = monthlyCost(inputs({ tracing: true }));

    expect(report.total.xray).toBeCloseTo(((1_000_000 * Math.min(perSecond, 1)) / perSecond / 1e6) * PRICES.xray.tracesRecordedPerMillion, 9);
  });

  it('totals every row, idle queue polling included', () => {
    const report = monthlyCost(inputs());

    const idle = report.rows.find((row) => row.kind === 'fixed')!;
    expect(idle.monthly.sqs).toBeCloseTo((IDLE_SQS_REQUESTS_PER_QUEUE_MONTH * PRICES.sqs.requestsPerMillion) / 1e6, 9);
    expect(report.total.total).toBeCloseTo(report.rows.reduce((sum, row) => sum + row.total, 0), 9);
    expect(report.perMillionRequests).toBeCloseTo(report.total.total, 9);
  });

  it('refuses a route the benchmark did not measure', () => {
    expect(() => monthlyCost(inputs({ mix: { deleteEverything: 1 } }))).toThrow(/No measurement for route deleteEverything/);
  });

  it("charges the live socket one message per pushed event per open connection of its user, one budget write per pushed event, and its connection minutes", () => {
    const socket = { pushedEventTypes: ['OrderPlaced', 'StockReserved'], connectionsPerUser: 2, connectionMinutesPerMonth: 4_000_000 };

    const report = monthlyCost(inputs({ socket }));

    // 250,000 orders a month: each places one OrderPlaced and one StockReserved, both pushed, to two connections.
    const pushes = report.rows.find((row) => row.item.startsWith('WebSocket messages'))!;
    expect(pushes.count).toBeCloseTo(250_000 * 2 * 2, 6);
    expect(pushes.monthly.websocket).toBeCloseTo(1 * PRICES.apiGateway.websocketMessagesPerMillion, 9);
    // One budget write per pushed event (500,000), whatever the connections: half a unit per message.
    expect(pushes.writeUnits).toBeCloseTo(0.5, 9);
    expect(pushes.monthly.dynamodb).toBeCloseTo(0.5 * PRICES.dynamodb.writeRequestUnitsPerMillion, 9);
    expect(report.rows.find((row) => row.item === 'WebSocket connection minutes')!.monthly.websocket).toBeCloseTo(4 * PRICES.apiGateway.websocketConnectionMinutesPerMillion, 9);
    expect(monthlyCost(inputs()).total.websocket).toBe(0);
  });
});
