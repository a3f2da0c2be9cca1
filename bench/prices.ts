/**
 * Every price the cost model uses, in one dated place. Public list prices for us-east-1 (N.
 * Virginia), on-demand, without free tiers or volume discounts, as published on the linked pages
 * when this file was written. Check them before relying on a figure: AWS changes prices.
 */
export const PRICES = {
  region: 'us-east-1',
  asOf: '2025-06-01',
  currency: 'USD',
  apiGateway: {
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    /** REST APIs, first 333 million requests a month. */
    restRequestsPerMillion: 3.5,
    /** WebSocket APIs, first billion messages a month (each 32 KB chunk of a message is one; both directions). */
    websocketMessagesPerMillion: 1,
    /** WebSocket APIs: per million connection minutes. */
    websocketConnectionMinutesPerMillion: 0.25,
  },
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    requestsPerMillion: 0.2,
    /** Arm (Graviton), first 7.5 billion GB-seconds a month; billed per 1 ms. */
    arm64PerGbSecond: 0.0000133334,
  },
  dynamodb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    /** On-demand read request units (one strongly consistent read of up to 4 KB; eventually consistent: half). */
    readRequestUnitsPerMillion: 0.125,
    /** On-demand write request units (one write of up to 1 KB; transactional: two). */
    writeRequestUnitsPerMillion: 0.625,
    /** GetRecords calls made by Lambda for a DynamoDB stream trigger are free. */
    streamReadsByLambda: 0,
  },
  sns: {
    source: 'https://aws.amazon.com/sns/pricing/',
    /** Standard topics: each 64 KB chunk published is one request; each message of a PublishBatch counts. */
    publishesPerMillion: 0.5,
    /** Deliveries to SQS queues. */
    sqsDeliveries: 0,
  },
  sqs: {
    source: 'https://aws.amazon.com/sqs/pricing/',
    /** Standard queues: each 64 KB chunk of a request is one request. */
    requestsPerMillion: 0.4,
  },
  cloudwatchLogs: {
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    /** Standard log class ingestion, per GB (2^30 bytes); storage is extra ($0.03 per GB-month). */
    ingestionPerGb: 0.5,
  },
  xray: {
    source: 'https://aws.amazon.com/xray/pricing/',
    tracesRecordedPerMillion: 5,
  },
  waf: {
    source: 'https://aws.amazon.com/waf/pricing/',
    requestsPerMillion: 0.6,
    /** Fixed monthly fees, not per request: a web ACL and each rule or managed rule group. */
    webAclPerMonth: 5,
    rulePerMonth: 1,
  },
} as const;

export type Prices = typeof PRICES;
