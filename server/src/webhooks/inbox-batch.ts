// Group commit for the webhook inbox. Each inbox INSERT costs one commit (a WAL flush) and each
// enqueue one Redis round trip; at hundreds of deliveries per second those waits dominate the
// acknowledgement. A delivery is flushed at once when fewer than MAX_IN_FLIGHT flushes are
// running; otherwise it waits for one to finish and goes with everything that arrived meanwhile
// (one multi-row INSERT, one commit, one enqueue call). Batches thus grow with the load and a quiet
// system adds no delay. Every caller still gets its answer only after its own row is durable.
import { tryEnqueueWebhookEvents } from '../jobs/webhook-queue.js';
import { storeDeliveries, type DeliveryInput, type StoredDelivery } from './store.js';

const MAX_IN_FLIGHT = 2;
const MAX_ITEMS = 64;

export type AcceptedDelivery = StoredDelivery & {
  /** Whether the PENDING event reached the queue (false: the sweeper enqueues it later); null otherwise. */
  queued: boolean | null;
};

type Waiting = { input: DeliveryInput; jobId: string; resolve: (r: AcceptedDelivery) => void; reject: (e: unknown) => void };

let waiting: Waiting[] = [];
let inFlight = 0;
let scheduled = false;

/** Stores a verified delivery (grouped with concurrent ones) and enqueues it when PENDING. */
export function acceptDelivery(input: DeliveryInput, jobId: string): Promise<AcceptedDelivery> {
  return new Promise((resolve, reject) => {
    waiting.push({ input, jobId, resolve, reject });
    // Deliveries parsed in the same turn of the event loop go together.
    if (!scheduled) {
      scheduled = true;
      setImmediate(startFlushes);
    }
  });
}

function startFlushes(): void {
  scheduled = false;
  while (inFlight < MAX_IN_FLIGHT && waiting.length > 0) {
    const group = waiting.splice(0, MAX_ITEMS);
    inFlight++;
    // flush answers every caller itself; this only guards against an unexpected throw.
    void flush(group).catch((error: unknown) => group.forEach((w) => w.reject(error))).finally(() => {
      inFlight--;
      startFlushes();
    });
  }
}

async function flush(group: Waiting[]): Promise<void> {
  let stored: (StoredDelivery | { error: unknown })[];
  try {
    stored = await storeDeliveries(group.map((w) => w.input));
  } catch (error) {
    // One bad row (say, JSON that PostgreSQL's jsonb refuses) must not fail its neighbours, and
    // with PostgreSQL down each caller gets its own error (-> 503): retry one by one.
    stored = group.length === 1 ? [{ error }] : await storeOneByOne(group);
  }

  const pending = group.flatMap((w, i) => {
    const s = stored[i];
    return 'eventId' in s && s.eventId && s.status === 'PENDING' ? [{ data: { eventId: s.eventId, integrationId: s.integrationId }, jobId: w.jobId }] : [];
  });
  const queued = pending.length > 0 ? await tryEnqueueWebhookEvents(pending) : null;

  group.forEach((w, i) => {
    const s = stored[i];
    if ('error' in s) w.reject(s.error);
    else w.resolve({ ...s, queued: s.eventId && s.status === 'PENDING' ? queued : null });
  });
}

/**
 * The fallback of a refused group insert: each delivery alone, concurrently, except that a repeat
 * of a delivery id waits for its first occurrence, so the first one stores the event and the
 * repeat is answered as a duplicate (as in the group insert), never the other way round.
 */
async function storeOneByOne(group: Waiting[]): Promise<(StoredDelivery | { error: unknown })[]> {
  const latestById = new Map<string, Promise<StoredDelivery | { error: unknown }>>();
  return Promise.all(group.map((w) => {
    const before = latestById.get(w.input.deliveryId) ?? Promise.resolve(null);
    const mine = before.then(() => storeDeliveries([w.input])).then((r) => r[0], (error: unknown) => ({ error }));
    latestById.set(w.input.deliveryId, mine);
    return mine;
  }));
}
