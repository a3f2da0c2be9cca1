// PLACEHOLDER: replaced by the real handler in this change set.
import { httpHandler } from '../../shared/http/handler';
import { HttpError } from '../../shared/http/problem';

export const handler = httpHandler(async () => {
  throw new HttpError(501, 'not-implemented', 'Not Implemented', 'Not implemented yet.');
});
