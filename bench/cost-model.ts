/**
 * Monthly cost of a traffic mix, from what the benchmark measured per request and per event
 * (bench/results.json) and the prices in bench/prices.ts. Every figure is a product of a measured
 * quantity and a list price; the assumptions that are not measured are named in `ASSUMPTIONS`.
 */
import { REJECTED, type CapacityResults, type MeasuredPath } from './capacity/aggregate';
import type { Prices } from './prices';

/** Share of all API requests per route id (normalised to 1): a read-heavy shop. Override with --mix. */
export const DEFAULT_MIX: Readonly<Record<string, number>> = {
  getProduct: 0.3,
  listProducts: 0.2,
  getOrder: 0.1,
  listUserOrders: 0.07,
  getUser: 0.07,
  getUserSummary: 0.07,
  listUserNotifications: 0.05,
  placeOrder: 0.05,
  updateUser: 0.02,
  cancelOrder: 0.01,
  createUser: 0.01,
  getHealth: 0.03,
  createProduct: 0.002,
  getOpenApi: 0.001,
};

/** Lambda's START, END and REPORT lines per invocation (the REPORT line carries the X-Ray trace id when tracing). */
export const PLATFORM_LOG_BYTES_PER_INVOCATION = 340;
/** X-Ray's default sampling rule: the first request each second, then 5 % of the rest. */
const XRAY_RESERVOIR_PER_SECOND = 1;
const XRAY_FIXED_RATE = 0.05;
/** Lambda's SQS event source mapping polls each queue with 5 long polls (20 s) when idle: 3 requests a minute each. */
export const IDLE_SQS_REQUESTS_PER_QUEUE_MONTH = 5 * 3 * 60 * 24 * 30;
const SECONDS_PER_MONTH = 30 * 24 * 3600;
const GB = 1024 ** 3;

const ASSUMPTIONS = [
  `Traffic is spread evenly over a 30-day month; the route mix is given (default: a read-heavy shop, \`--mix\` to change it).`,
  'Every order is confirmed (none rejected for lack of stock) and every event is delivered once.',
  'Worst-case batching: one relay invocation per event and one SQS receive and one delete per consumed message (batches only lower these).',
  `Lambda durations are the handlers' measured medians against DynamoDB Local (usually slower than DynamoDB), rounded up to the next ms; init (cold start) billing is added at --cold-start-rate.`,
  `CloudWatch log bytes are measured per invocation (Powertools JSON and EMF lines) plus ${PLATFORM_LOG_BYTES_PER_INVOCATION} bytes of Lambda platform lines; API access log bytes are measured from the local access log.`,
  'SNS delivers to SQS for free; DynamoDB stream reads by Lambda triggers are free; free tiers are not deducted.',
  'WebSocket (the live socket): one message per pushed event (OrderConfirmed, OrderRejected, OrderCancelled, NotificationCreated) per open connection of its user (`socket.connectionsPerUser`), one budget write per pushed event, and the connection minutes given (`--socket-connection-minutes`; pings are messages too, each with a budget write, and are not counted).',
  'Not per request, so not in the table: storage (DynamoDB, logs), CloudWatch custom metrics and alarms, the WAF web ACL and rule fees, KMS.',
];

export interface CostInputs {
  readonly requestsPerMonth: number;
  readonly mix: Readonly<Record<string, number>>;
  readonly capacity: CapacityResults;
  /** Configured memory per function name (prod). */
  readonly memoryMb: Readonly<Record<string, number>>;
  /** Median import time per function (cold init, billed since August 2025). */
  readonly initMs: Readonly<Record<string, number>>;
  readonly coldStartRate: number;
  readonly tracing: boolean;
  readonly waf: boolean;
  readonly accessLogBytesPerRequest: number;
  readonly prices: Prices;
  /**
   * The live socket: the event types it pushes, how many connections a user has open when they
   * happen, and the connection minutes of all users in the month.
   * @default - no socket: no WebSocket cost
   */
  readonly socket?: { readonly pushedEventTypes: readonly string[]; readonly connectionsPerUser: number; readonly connectionMinutesPerMonth: number };
}

export interface CostBreakdown {
  apiGateway: number;
  waf: number;
  lambdaRequests: number;
  lambdaDuration: number;
  dynamodb: number;
  sns: number;
  sqs: number;
  logs: number;
  xray: number;
  websocket: number;
}

interface CostRow {
  /** `GET /v1/products/{id}` style for routes, `OrderPlaced -> inventoryConsumer` for event paths. */
  readonly item: string;
  readonly kind: 'route' | 'event' | 'fixed';
  /** Requests or events a month. */
  readonly count: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly monthly: CostBreakdown;
  readonly total: number;
}

export interface CostReport {
  readonly requestsPerMonth: number;
  readonly rows: CostRow[];
  readonly total: CostBreakdown & { total: number };
  readonly perMillionRequests: number;
  readonly assumptions: readonly string[];
}

const zero = (): CostBreakdown => ({ apiGateway: 0, waf: 0, lambdaRequests: 0, lambdaDuration: 0, dynamodb: 0, sns: 0, sqs: 0, logs: 0, xray: 0, websocket: 0 });
const sum = (breakdown: CostBreakdown): number => Object.values(breakdown).reduce((total, value) => total + value, 0);

/** What `count` invocations of a function cost in Lambda, DynamoDB and logs. */
const invocationCost = (inputs: CostInputs, path: Pick<MeasuredPath, 'function' | 'durationMs' | 'readUnits' | 'writeUnits' | 'refusedWriteUnits' | 'logBytes'>, count: number, into: CostBreakdown): void => {
  const { prices } = inputs;
  const memoryGb = (inputs.memoryMb[path.function] ?? 512) / 1024;
  const billedMs = Math.max(1, Math.ceil(path.durationMs)) + inputs.coldStartRate * Math.ceil(inputs.initMs[path.function] ?? 0);
  into.lambdaRequests += (count * prices.lambda.requestsPerMillion) / 1e6;
  into.lambdaDuration += count * (billedMs / 1000) * memoryGb * prices.lambda.arm64PerGbSecond;
  into.dynamodb +=
    (count * path.readUnits * prices.dynamodb.readRequestUnitsPerMillion) / 1e6 +
    (count * (path.writeUnits + path.refusedWriteUnits) * prices.dynamodb.writeRequestUnitsPerMillion) / 1e6;
  into.logs += ((count * (path.logBytes + PLATFORM_LOG_BYTES_PER_INVOCATION)) / GB) * prices.cloudwatchLogs.ingestionPerGb;
};

const normaliseMix = (mix: Readonly<Record<string, number>>): Record<string, number> => {
  const total = Object.values(mix).reduce((sum, share) => sum + share, 0);
  if (!(total > 0)) throw new Error('The route mix must have a positive total');
  return Object.fromEntries(Object.entries(mix).map(([route, share]) => [route, share / total]));
};

export const monthlyCost = (inputs: CostInputs, labels: Readonly<Record<string, string>> = {}): CostReport => {
  const { prices, capacity } = inputs;
  const mix = normaliseMix(inputs.mix);
  const rows: CostRow[] = [];
  const eventsPerMonth = new Map<string, number>();
  const addEvents = (emitted: Record<string, number>, times: number): void => {
    for (const [type, count] of Object.entries(emitted)) eventsPerMonth.set(type, (eventsPerMonth.get(type) ?? 0) + count * times);
  };

  // X-Ray samples the first request of each second and 5 % of the rest, over the whole API.
  const perSecond = inputs.requestsPerMonth / SECONDS_PER_MONTH;
  const sampledShare = perSecond === 0 ? 0 : (Math.min(perSecond, XRAY_RESERVOIR_PER_SECOND) + XRAY_FIXED_RATE * Math.max(0, perSecond - XRAY_RESERVOIR_PER_SECOND)) / perSecond;

  for (const [route, share] of Object.entries(mix)) {
    const path = capacity.requests.find((candidate) => candidate.key === route);
    if (!path) throw new Error(`No measurement for route ${route}: is it in the benchmark's story (bench/capacity/run.ts)?`);
    const count = inputs.requestsPerMonth * share;
    const monthly = zero();
    monthly.apiGateway = (count * prices.apiGateway.restRequestsPerMillion) / 1e6;
    if (inputs.waf) monthly.waf = (count * prices.waf.requestsPerMillion) / 1e6;
    invocationCost(inputs, path, count, monthly);
    monthly.logs += ((count * inputs.accessLogBytesPerRequest) / GB) * prices.cloudwatchLogs.ingestionPerGb;
    if (inputs.tracing) monthly.xray = (count * sampledShare * prices.xray.tracesRecordedPerMillion) / 1e6;
    rows.push({ item: labels[route] ?? route, kind: 'route', count, readUnits: path.readUnits, writeUnits: path.writeUnits + path.refusedWriteUnits, monthly, total: sum(monthly) });
    addEvents(path.emitted, count);
  }

  // Events cause events (OrderPlaced -> StockReserved -> OrderConfirmed): follow them to the end.
  const priced = new Set<string>();
  for (let round = 0; round < 20; round += 1) {
    const pending = [...eventsPerMonth].filter(([type]) => !priced.has(type));
    if (pending.length === 0) break;
    for (const [type, count] of pending) {
      priced.add(type);
      // Its share of the relay and one SNS publish.
      const relay = zero();
      invocationCost(inputs, { function: 'relay', durationMs: capacity.relay.durationMs, readUnits: 0, writeUnits: 0, refusedWriteUnits: 0, logBytes: capacity.relay.logBytes }, count, relay);
      relay.sns = (count * capacity.relay.snsPublishRequests * prices.sns.publishesPerMillion) / 1e6;
      rows.push({ item: `${type} (relay, SNS publish)`, kind: 'event', count, readUnits: 0, writeUnits: 0, monthly: relay, total: sum(relay) });
      for (const delivery of capacity.deliveries.filter((candidate) => candidate.cause === type && !candidate.key.endsWith(REJECTED))) {
        const monthly = zero();
        invocationCost(inputs, delivery, count, monthly);
        // One receive and one delete per message at worst.
        monthly.sqs = (count * 2 * prices.sqs.requestsPerMillion) / 1e6;
        rows.push({ item: `${type} -> ${delivery.function}`, kind: 'event', count, readUnits: delivery.readUnits, writeUnits: delivery.writeUnits + delivery.refusedWriteUnits, monthly, total: sum(monthly) });
        addEvents(delivery.emitted, count);
      }
    }
  }

  if (inputs.socket) {
    const { pushedEventTypes, connectionsPerUser, connectionMinutesPerMonth } = inputs.socket;
    const pushedEvents = pushedEventTypes.reduce((total, type) => total + (eventsPerMonth.get(type) ?? 0), 0);
    const messages = pushedEvents * connectionsPerUser;
    const pushes = zero();
    pushes.websocket = (messages * prices.apiGateway.websocketMessagesPerMillion) / 1e6;
    // Each event pushed to a connected user takes one from their push budget: a write of a small item.
    const budgetWrites = connectionsPerUser > 0 ? pushedEvents : 0;
    pushes.dynamodb = (budgetWrites * prices.dynamodb.writeRequestUnitsPerMillion) / 1e6;
    // Units per row are per counted item, here a message: a budget write is shared by the user's connections.
    const writeUnitsPerMessage = messages > 0 ? budgetWrites / messages : 0;
    rows.push({ item: `WebSocket messages pushed (${connectionsPerUser} connection(s) per user)`, kind: 'event', count: messages, readUnits: 0, writeUnits: writeUnitsPerMessage, monthly: pushes, total: sum(pushes) });
    const minutes = zero();
    minutes.websocket = (connectionMinutesPerMonth * prices.apiGateway.websocketConnectionMinutesPerMillion) / 1e6;
    rows.push({ item: 'WebSocket connection minutes', kind: 'fixed', count: connectionMinutesPerMonth, readUnits: 0, writeUnits: 0, monthly: minutes, total: sum(minutes) });
  }

  const queues = new Set(capacity.deliveries.map((delivery) => delivery.function)).size;
  const idle = zero();
  idle.sqs = (queues * IDLE_SQS_REQUESTS_PER_QUEUE_MONTH * prices.sqs.requestsPerMillion) / 1e6;
  rows.push({ item: `Idle SQS polling (${queues} queues)`, kind: 'fixed', count: queues * IDLE_SQS_REQUESTS_PER_QUEUE_MONTH, readUnits: 0, writeUnits: 0, monthly: idle, total: sum(idle) });

  const total = zero();
  for (const row of rows) for (const key of Object.keys(total) as (keyof CostBreakdown)[]) total[key] += row.monthly[key];
  const grand = sum(total);
  return {
    requestsPerMonth: inputs.requestsPerMonth,
    rows,
    total: { ...total, total: grand },
    perMillionRequests: inputs.requestsPerMonth > 0 ? (grand / inputs.requestsPerMonth) * 1e6 : 0,
    assumptions: ASSUMPTIONS,
  };
};
