/**
 * DynamoDB's transaction conflicts in front of DynamoDB Local, which has none: it runs concurrent
 * transactions on one item one after the other and lets them all succeed, where DynamoDB cancels
 * all but one. Every client of the local runtime (functions, pollers, tests, the AWS CLI) talks to
 * this proxy, so a conflict that would happen in AWS happens here too.
 *
 * Of the cases DynamoDB documents ("Transaction conflict handling", DynamoDB developer guide),
 * emulated, with AWS's error shapes:
 * - a TransactWriteItems naming an item that another in-flight TransactWriteItems holds is
 *   cancelled: TransactionCanceledException, CancellationReasons in request order, `TransactionConflict`
 *   at each held item and `None` elsewhere; nothing is written.
 * - a PutItem, UpdateItem or DeleteItem on an item an in-flight TransactWriteItems holds is
 *   rejected: TransactionConflictException; nothing is written.
 * - a TransactWriteItems repeating the ClientRequestToken of one still in flight (an SDK retry after
 *   a time-out) is answered TransactionInProgressException, which the SDK retries, and never
 *   conflicts with itself; once finished, a repeat goes to DynamoDB Local, which answers it
 *   idempotently as DynamoDB does.
 * - a GetItem (or any read) during a transaction succeeds, as DynamoDB documents.
 * Not emulated: a TransactGetItems conflicting with in-flight writes (nothing here uses it); a
 * transaction conflicting with an in-flight single write or BatchWriteItem (DynamoDB serialises
 * those, and documents no conflict for the transaction); conflicts between two single writes
 * (DynamoDB has none). An item is held exactly while its transaction is in flight at DynamoDB
 * Local, which is about as long as in DynamoDB (milliseconds), so the odds of a conflict are of
 * the same order, not the same.
 *
 * Other requests are streamed through untouched, so only the four write operations pay for
 * reading their body.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '../sdk';
import { singleWriteItemId, transactionItemIds, TransactionHolds, type KeySchemaOf } from './transaction-holds';

const TARGET_PREFIX = 'DynamoDB_20120810.';
const ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#';
const SINGLE_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem'] as const);
type SingleWrite = 'PutItem' | 'UpdateItem' | 'DeleteItem';
/** DynamoDB's own wording, so that logs read the same locally and in AWS. */
const ONGOING = 'Transaction is ongoing for the item';

export interface ConflictCounts {
  /** TransactWriteItems cancelled with TransactionConflict. */
  readonly transactionsCancelled: number;
  /** PutItem, UpdateItem or DeleteItem rejected with TransactionConflictException. */
  readonly writesRejected: number;
  /** TransactWriteItems answered TransactionInProgressException (same token in flight). */
  readonly inProgress: number;
}

export interface ConflictProxy {
  /** Where clients send DynamoDB requests: `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  counts(): ConflictCounts;
  close(): Promise<void>;
}

export interface ConflictProxyOptions {
  /** DynamoDB Local's endpoint. */
  readonly upstream: string;
  /** A table's key attributes; by default asked of the upstream (DescribeTable) once per table. */
  readonly keySchemaOf?: KeySchemaOf;
}

/** Key schemas from DescribeTable, kept per table; a failed look-up (no such table yet) is asked again next time. */
const describedKeySchemas = (upstream: string): { keySchemaOf: KeySchemaOf; destroy(): void } => {
  const client = new DynamoDBClient({ ...localClientConfig(upstream), maxAttempts: 1 });
  const cache = new Map<string, Promise<readonly string[] | undefined>>();
  return {
    keySchemaOf: (table) => {
      let schema = cache.get(table);
      if (!schema) {
        schema = client.send(new DescribeTableCommand({ TableName: table })).then(
          ({ Table }) => Table?.KeySchema?.map((element) => element.AttributeName!),
          () => {
            cache.delete(table);
            return undefined;
          },
        );
        cache.set(table, schema);
      }
      return schema;
    },
    destroy: () => client.destroy(),
  };
};

const readBody = (request: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });

const parseJson = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
};

/** An error as DynamoDB answers it: status 400, the type in `__type` and in x-amzn-ErrorType. */
const answerError = (response: http.ServerResponse, type: string, message: string, extra: Record<string, unknown> = {}): void => {
  const body = JSON.stringify({ __type: `${ERROR_PREFIX}${type}`, message, ...extra });
  response.writeHead(400, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': `${type}:`,
  });
  response.end(body);
};

/** Starts the proxy on a free port of 127.0.0.1. */
export const startConflictProxy = async (options: ConflictProxyOptions): Promise<ConflictProxy> => {
  const upstream = new URL(options.upstream);
  const described = options.keySchemaOf ? undefined : describedKeySchemas(options.upstream);
  const keySchemaOf = options.keySchemaOf ?? described!.keySchemaOf;
  const agent = new http.Agent({ keepAlive: true });
  const holds = new TransactionHolds();
  const counts = { transactionsCancelled: 0, writesRejected: 0, inProgress: 0 };

  /** Sends the request on to DynamoDB Local (the body, or the request's own stream) and its answer back; `done` once the answer is in. */
  const forward = (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer | undefined, done: () => void = () => undefined): void => {
    const outgoing = http.request(
      { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers, agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.once('end', done);
        answer.once('error', done);
      },
    );
    outgoing.once('error', () => {
      done();
      // The SDK retries a dropped connection, as it would a network fault in AWS.
      if (!response.headersSent) response.destroy();
      else response.end();
    });
    if (body) outgoing.end(body);
    else request.pipe(outgoing);
  };

  const handleTransaction = async (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer): Promise<void> => {
    const parsed = parseJson(body) as { ClientRequestToken?: unknown } | undefined;
    const ids = await transactionItemIds(parsed, keySchemaOf);
    // Malformed, or naming one item twice: DynamoDB Local answers with the validation error DynamoDB gives.
    if (!ids || new Set(ids).size !== ids.length) return forward(request, response, body);
    const token = typeof parsed?.ClientRequestToken === 'string' ? parsed.ClientRequestToken : undefined;
    const attempt = holds.tryHold(ids, token);
    if (attempt.kind === 'in-progress') {
      counts.inProgress += 1;
      return answerError(response, 'TransactionInProgressException', 'The transaction with the given request token is already in progress.');
    }
    if (attempt.kind === 'conflict') {
      counts.transactionsCancelled += 1;
      const codes = attempt.conflicting.map((conflicting) => (conflicting ? 'TransactionConflict' : 'None'));
      return answerError(response, 'TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`, {
        CancellationReasons: codes.map((Code) => (Code === 'None' ? { Code } : { Code, Message: ONGOING })),
      });
    }
    forward(request, response, body, attempt.release);
  };

  const handleSingleWrite = async (operation: SingleWrite, request: http.IncomingMessage, response: http.ServerResponse, body: Buffer): Promise<void> => {
    const id = await singleWriteItemId(operation, parseJson(body), keySchemaOf);
    if (id !== undefined && holds.holds(id)) {
      counts.writesRejected += 1;
      return answerError(response, 'TransactionConflictException', ONGOING);
    }
    forward(request, response, body);
  };

  const server = http.createServer((request, response) => {
    const target = request.headers['x-amz-target'];
    const operation = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
    if (operation !== 'TransactWriteItems' && !SINGLE_WRITES.has(operation as SingleWrite)) return forward(request, response, undefined);
    readBody(request)
      .then((body) =>
        operation === 'TransactWriteItems' ? handleTransaction(request, response, body) : handleSingleWrite(operation as SingleWrite, request, response, body),
      )
      .catch(() => response.destroy());
  });
  // Many pollers and function instances keep connections open: no per-connection cap here.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
      described?.destroy();
    },
  };
};
