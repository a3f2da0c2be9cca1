/**
 * `npm run dlq` against a local runtime, run as a user runs it (its own process): a malformed
 * message reaches the inventory DLQ after its receives, and `show` lists it with the consumer's
 * logged error. A valid cancellation parked beside it (as one parked during an outage that has
 * since been fixed) is redriven with it: both leave the DLQ for the inventory queue, and the
 * cancellation takes effect (the malformed one, still malformed, would return after its receives;
 * the test does not wait the extra 15 s for that).
 *
 * A relay's on-failure queue: an outbox item whose event is invalid makes the users relay give
 * up and park a stream pointer; `show` names the table, the records and the item, `redrive`
 * refuses to drop the pointer while the item is invalid, and once the item is fixed republishes
 * its event from the outbox (not the stream) and deletes the pointer: the welcome notification
 * appears once.
 *
 * A small --visibility-timeout-scale makes a failing message come back in seconds. The runtime is
 * shared with the other files of the e2e-scaled project (support/scaled-runtime.ts), which run
 * before or after this one, never beside it: the inventory DLQ may hold messages they parked, which
 * the commands list, show and redrive with this file's own (found by their ids). This file's tests
 * run at once: each has queues of its own (the inventory DLQ, the users relay's on-failure queue).
 */
import { spawn } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { OrderCancelled } from '../../lambdas/orders/events';
import { outboxItem, outboxKey } from '../../lambdas/shared/outbox';
import { UserSignedUp } from '../../lambdas/users/events';
import { createEvent } from '../../lambdas/shared/events/envelope';
import { repoRoot } from '../../lib/paths';
import { ApiClient, eventually, unique } from './support/api-client';
import { signIn } from './support/client';
import { connectLocalAws, parkedMessages, queueCounts, type LocalAws } from './support/local-aws';
import { sharedLocalRuntime } from './support/shared-local-runtime';
import { createProduct, notificationsOf, placeOrder, settledOrder, stockOf } from './support/shop';

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs scripts/dlq.ts in its own process group, killed as a group if it outlives its deadline. */
const dlq = (args: readonly string[], timeoutMs = 30_000): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/dlq.ts'), ...args], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      reject(new Error(`npm run dlq -- ${args.join(' ')} ran past ${timeoutMs} ms; output: ${stdout}${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

describe('npm run dlq, end to end', { timeout: 90_000, concurrent: true }, () => {
  let runtime: ReturnType<typeof sharedLocalRuntime>;
  /** Raw HTTP, for the runtime's own /_local endpoints (queues, resources), which are not the API. */
  let local: ApiClient;
  let aws: LocalAws;

  beforeAll(async () => {
    runtime = sharedLocalRuntime();
    local = new ApiClient(runtime.url);
    aws = await connectLocalAws(local);
  });
  afterAll(async () => {
    aws?.destroy();
    await runtime?.stop();
  });

  it('refuses an unknown queue, listing the known ones', async ({ expect }) => {
    const run = await dlq(['show', 'invntory', '--url', runtime.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('There is no dead-letter queue "invntory". Known queues: ');
    expect(run.stderr).toContain('inventory');
  });

  it('shows a poison message with its logged error, then redrives the DLQ so that a fixed message takes effect once', async ({ expect }) => {
    const admin = await signIn(runtime.url, unique('admin'), { groups: ['admin'] });
    const buyer = await signIn(runtime.url, unique('buyer'));
    const product = await createProduct(admin, 5);
    const order = await placeOrder(buyer, product.id, 2);
    expect((await settledOrder(buyer, order.id)).status).toBe('CONFIRMED');
    expect(await stockOf(buyer, product.id)).toBe(3);
    const { url, dlqUrl } = aws.resources.queues.inventory!;

    const malformed = `not an event ${unique('poison')}`;
    const [poisonId] = await aws.sendBurst(url, [malformed]);
    // Once the queue has drained, what another file left on its way to the DLQ is there too.
    const { counts } = await eventually(
      async () => ({ counts: await queueCounts(local, 'inventory'), parked: await parkedMessages(aws, local, 'inventory') }),
      ({ counts, parked }) => counts.visible === 0 && counts.inFlight === 0 && parked.some((message) => message.MessageId === poisonId),
      { timeoutMs: 45_000, what: 'the malformed message to reach the inventory DLQ and the queue to drain' },
    );
    // Everything the DLQ holds once the cancellation below joins it.
    const parked = counts.dlq + 1;
    // Parked beside it: a valid cancellation, as one that failed while a dependency was down.
    const cancelled = createEvent(OrderCancelled, order.id, { orderId: order.id, userId: buyer.userId, previousStatus: 'CONFIRMED' }, unique('e2e'));
    await aws.sendBurst(dlqUrl, [JSON.stringify(cancelled)]);

    // Both only read (show peeks with a visibility timeout of 0): they run at once.
    const [listed, shown] = await Promise.all([dlq(['list', '--url', runtime.url]), dlq(['show', 'inventory', '--url', runtime.url])]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`inventory\\s+${parked} message\\(s\\)`));

    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('inventory-dlq on the local runtime');
    expect(shown.stdout).toContain(`${parked} message(s)`);
    expect(shown.stdout).toContain(`(not an event)  event -  correlation -\n  message ${poisonId}  received `);
    expect(shown.stdout).toContain('last error: Message is not a valid event envelope: The body is not JSON');
    expect(shown.stdout).toContain(`OrderCancelled  event ${cancelled.id}  correlation ${cancelled.correlationId}`);
    // show only peeks: both are still parked.
    expect((await queueCounts(local, 'inventory')).dlq).toBe(parked);

    const redriven = await dlq(['redrive', 'inventory', '--url', runtime.url]);
    expect(redriven.code, redriven.stderr).toBe(0);
    expect(redriven.stdout).toContain(`Moving inventory-dlq -> inventory: 0/${parked}`);
    expect(redriven.stdout).toContain(`Moved ${parked} message(s) from inventory-dlq back to inventory.`);

    // Moved, not copied: the DLQ is empty once the command returns.
    expect((await queueCounts(local, 'inventory')).dlq).toBe(0);
    await eventually(() => stockOf(buyer, product.id), (stock) => stock === 5, { timeoutMs: 20_000, what: 'the redriven cancellation to return 2 to stock' });
  });

  it('shows a relay\'s parked stream pointer, keeps it while its event is invalid, and republishes the fixed event from the outbox', async ({ expect }) => {
    const user = await signIn(runtime.url, unique('relay'));
    const { userId } = user;
    const welcome = createEvent(UserSignedUp, userId, { userId, name: 'Parked Pat', email: `${userId}@example.com` }, unique('e2e'));
    const usersTable = aws.resources.tables.users!;
    const ddb = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: aws.resources.region, endpoint: aws.resources.dynamodbEndpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    );
    const relayPointers = async () => (await local.get<{ relayFailures: Record<string, { visible: number; inFlight: number }> }>('/_local/queues', { apiKey: null })).body.relayFailures.users!;
    try {
      // An event no producer would write (version 0): the relay reports it failed until it parks its record.
      await ddb.send(new PutCommand({ TableName: usersTable, Item: { ...outboxItem(welcome), event: { ...welcome, version: 0 } } }));
      await eventually(relayPointers, (counts) => counts.visible === 1, { timeoutMs: 30_000, what: 'the users relay to park the invalid record' });

      const shown = await dlq(['show', 'users-relay-failures', '--url', runtime.url]);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('users-relay-failures on the local runtime');
      expect(shown.stdout).toMatch(/RetryAttemptsExhausted {2}table users {2}shard \S+ {2}records \d+\.\.\d+ \(1\)/);
      expect(shown.stdout).toContain(`UserSignedUp ${welcome.id}  NOT A VALID EVENT: event.version: `);

      const refused = await dlq(['redrive', 'users-relay-failures', '--url', runtime.url]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain(`event ${welcome.id} is not a valid event (fix its outbox item, then redrive again)`);
      expect(refused.stderr).toContain('1 pointer(s) left parked on users-relay-failures');
      expect(await relayPointers()).toEqual({ visible: 1, inFlight: 0 });

      // Fixed in place: an update is not an insert, so the relay's stream filter ignores it.
      await ddb.send(new UpdateCommand({ TableName: usersTable, Key: outboxKey(welcome.id), UpdateExpression: 'SET #event.#version = :one', ExpressionAttributeNames: { '#event': 'event', '#version': 'version' }, ExpressionAttributeValues: { ':one': 1 } }));
      const redriven = await dlq(['redrive', 'users-relay-failures', '--url', runtime.url]);
      expect(redriven.code, redriven.stderr).toBe(0);
      expect(redriven.stdout).toContain('Redrove 1 of 1 pointer(s) from users-relay-failures: 1 event(s) republished.');
      expect(await relayPointers()).toEqual({ visible: 0, inFlight: 0 });

      const notifications = await eventually(
        () => notificationsOf(user),
        (items) => items.length > 0,
        { timeoutMs: 20_000, what: 'the republished UserSignedUp to reach the notifications consumer' },
      );
      expect(notifications.map((item) => item.message)).toEqual(['Welcome, Parked Pat!']);
    } finally {
      ddb.destroy();
    }
  });
});
