/**
 * Runs inside a function's worker thread: the local stand-in for one Lambda execution
 * environment. It loads the handler once (the init phase) and then runs one invocation at a time,
 * with a Context whose remaining time counts down to the function's timeout.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { setSdkClientHook } from '../../lambdas/shared/sdk-client-hook';
import { declaredAccessHook } from '../access/guard-middleware';
import { functionArn } from '../names';
import { toFunctionError, type InvokeMessage, type WorkerData, type WorkerMessage } from './protocol';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const data = workerData as WorkerData;

// NODE_OPTIONS is read once per process, not per worker thread: what the function's NODE_OPTIONS
// asks for (--enable-source-maps, from lib/bundling.ts) is done here, before the bundle loads, so
// that a stack trace points at the TypeScript source as it does in Lambda.
if (process.env.NODE_OPTIONS?.split(/\s+/).includes('--enable-source-maps')) process.setSourceMapsEnabled(true);
const port = parentPort!;
const send = (message: WorkerMessage): void => port.postMessage(message);

// Before the handler's module loads: it builds its SDK clients then, once per container, and each
// is handed to this hook, which makes them deny what the function's role would deny in AWS.
setSdkClientHook(declaredAccessHook(data.grant));

const contextFor = (message: InvokeMessage): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: data.functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: functionArn(data.functionName),
  memoryLimitInMB: String(data.memoryMb),
  awsRequestId: message.awsRequestId,
  logGroupName: `/aws/lambda/${data.functionName}`,
  logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${data.instanceId}`,
  getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

const loadHandler = async (): Promise<Handler> => {
  const module = (await import(data.handlerUrl)) as { handler?: unknown };
  if (typeof module.handler !== 'function') {
    throw Object.assign(new Error(`${data.handlerUrl} does not export a function named handler`), { name: 'Runtime.HandlerNotFound' });
  }
  return module.handler as Handler;
};

try {
  const handler = await loadHandler();
  port.on('message', async (message: InvokeMessage) => {
    try {
      const result = await handler(message.event, contextFor(message));
      // Lambda returns the handler's result serialised as JSON: undefined becomes null, and so on.
      send({ type: 'result', id: message.id, ok: true, value: JSON.parse(JSON.stringify(result ?? null)) as unknown });
    } catch (error) {
      send({ type: 'result', id: message.id, ok: false, error: toFunctionError(error) });
    }
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'init-error', error: toFunctionError(error, 'Runtime.ImportModuleError') });
}
