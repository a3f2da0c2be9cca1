/** Messages between the runtime and a function's worker thread. */
import type { FunctionGrant } from '../access/grant';

export interface WorkerData {
  readonly functionName: string;
  readonly handlerUrl: string;
  readonly memoryMb: number;
  readonly region: string;
  readonly instanceId: string;
  /** Checked on every SDK call the handler makes (a Map survives the structured clone). */
  readonly grant: FunctionGrant;
}

/** Lambda's error shape: what a failed invocation reports. */
export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stackTrace?: readonly string[];
}

export interface InvokeMessage {
  readonly type: 'invoke';
  readonly id: number;
  readonly event: unknown;
  readonly awsRequestId: string;
  /** Epoch ms when the function times out: what getRemainingTimeInMillis counts down to. */
  readonly deadline: number;
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly error: FunctionError }
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly error: FunctionError };

export const toFunctionError = (error: unknown, fallbackType = 'Error'): FunctionError =>
  error instanceof Error
    ? { errorType: error.name || fallbackType, errorMessage: error.message, stackTrace: error.stack?.split('\n').slice(1).map((line) => line.trim()) }
    : { errorType: fallbackType, errorMessage: String(error) };
