// One cold start, in a fresh Node.js process: import the bundle (Lambda's init phase) and run one
// invocation, timing both. Plain JavaScript with no imports beyond Node's, so that nothing but the
// bundle is loaded between the two clocks. Usage: node child.mjs <bundle.mjs> <event.json> <name> <memoryMb>
// Writes {importMs, invokeMs, outcome} as JSON to file descriptor 3.
import { readFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile, name, memoryMb] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: name,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
  memoryLimitInMB: memoryMb,
  awsRequestId: '00000000-0000-4000-8000-000000000000',
  logGroupName: `/aws/lambda/${name}`,
  logStreamName: '2026/01/01/[$LATEST]bench',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

const startedAt = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const importedAt = performance.now();
let outcome;
try {
  const result = await handler(event, context);
  if (result && typeof result.statusCode === 'number') outcome = String(result.statusCode);
  else outcome = `${result?.batchItemFailures?.length ?? 0} failed`;
} catch (error) {
  outcome = `threw ${error?.name ?? String(error)}`;
}
const invokedAt = performance.now();
writeSync(3, JSON.stringify({ startedAtMs: startedAt, importMs: importedAt - startedAt, invokeMs: invokedAt - importedAt, outcome }));
// Keep-alive sockets would hold the process open: the measurement is done.
process.exit(0);
