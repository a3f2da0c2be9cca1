import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { HttpError } from '../shared/http/problem';
import { OrderKeyReusedError } from './commands';

/**
 * The statuses the Idempotency-Key draft prescribes: 422 for a key reused with another payload
 * (whether Powertools or the order-key guard noticed), 409 while the first request is in flight.
 * Anything else is not an idempotency outcome and is left to the caller.
 */
export const idempotencyErrorToHttp = (error: unknown): HttpError | undefined => {
  if (error instanceof IdempotencyValidationError || error instanceof OrderKeyReusedError) {
    return new HttpError(
      'idempotency-key-reused',
      'This Idempotency-Key was already used with a different request body; send a new key for a new request.',
    );
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return new HttpError(
      'idempotency-key-in-flight',
      'A request with this Idempotency-Key is still being processed; retry later for its response.',
    );
  }
  return undefined;
};
