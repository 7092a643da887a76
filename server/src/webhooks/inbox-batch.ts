// Group commit for the webhook inbox. Each inbox INSERT costs one commit, and a commit waits for
// the WAL fsync (~10 ms); at hundreds of deliveries per second that wait dominates the
// acknowledgement. Deliveries arriving within a short window (at most MAX_WAIT_MS, or MAX_ITEMS of
// them) are stored with one multi-row INSERT and one commit, then enqueued with one addBulk. Every
// caller still gets its answer only after its own row is durable.
import { tryEnqueueWebhookEvents } from './queue.js';
import { storeDeliveries, type DeliveryInput, type StoredDelivery } from './store.js';

const MAX_WAIT_MS = 2;
const MAX_ITEMS = 64;

export type AcceptedDelivery = StoredDelivery & {
  /** Whether the PENDING event reached the queue (false: the sweeper enqueues it later); null otherwise. */
  queued: boolean | null;
};

type Waiting = { input: DeliveryInput; jobId: string; resolve: (r: AcceptedDelivery) => void; reject: (e: unknown) => void };

let batch: Waiting[] = [];
let timer: NodeJS.Timeout | null = null;

/** Stores a verified delivery (grouped with concurrent ones) and enqueues it when PENDING. */
export function acceptDelivery(input: DeliveryInput, jobId: string): Promise<AcceptedDelivery> {
  return new Promise((resolve, reject) => {
    batch.push({ input, jobId, resolve, reject });
    if (batch.length >= MAX_ITEMS) flushNow();
    else timer ??= setTimeout(flushNow, MAX_WAIT_MS);
  });
}

function flushNow(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  const group = batch;
  batch = [];
  if (group.length > 0) void flush(group);
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
