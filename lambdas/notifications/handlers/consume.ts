// PLACEHOLDER: replaced by the real consumer in this change set.
import { sqsConsumer } from '../../shared/consumer';

export const handler = sqsConsumer({});
