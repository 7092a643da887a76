// Every queue name at run time (the Jobs map in queues.ts is a type). A queue added to Jobs but
// not here fails the type check, so the board and the depth metrics cannot forget it.
import { ATTENTION_QUEUE, SYNC_QUEUE, WEBHOOK_QUEUE, type QueueName } from './queues.js';

const EVERY_QUEUE = { [SYNC_QUEUE]: true, [WEBHOOK_QUEUE]: true, [ATTENTION_QUEUE]: true } satisfies Record<QueueName, true>;

export const QUEUE_NAMES = Object.keys(EVERY_QUEUE) as QueueName[];
