// The outbound dispatcher, in the worker: fans stored events out into deliveries and sends due
// deliveries to their endpoints, retrying on the schedule and disabling endpoints that keep failing.
//
// Isolation from ingestion: it has its own small pg pool (OUTBOUND_DB_POOL_MAX) and its own
// LISTEN connection, so a backlog of deliveries or a receiver that hangs never takes a connection
// sync or the webhook worker needs; at most `concurrency` HTTP tries are in flight, at most
// `perEndpoint` per endpoint. It wakes on NOTIFY packr_outbound (sent at COMMIT of an event) and
// polls every second anyway, so a lost notification or a dropped LISTEN connection delays
// delivery by a second at most.
import pg from 'pg';
import { env } from '../env.js';
import { logger } from '../lib/logger.js';
import { outboundDeliverySeconds, outboundEndpointsDisabled, outboundTries } from '../lib/worker-metrics.js';
import { alertEndpointDisabled } from './endpoint-alerts.js';
import { openSecret } from './endpoint-secrets.js';
import { claimDue, fanOut, recordFailure, recordSuccesses, type ClaimedDelivery } from './delivery-store.js';
import { sendOnce, type TryResult } from './send.js';
import { batchRecorder } from './success-batch.js';
import { privateNetworksAllowed } from './url-policy.js';

export const OUTBOUND_CHANNEL = 'packr_outbound';

export type DispatcherOptions = {
  /** Seconds before each retry (default OUTBOUND_RETRY_SCHEDULE). */
  retryScheduleSeconds?: readonly number[];
  timeoutMs?: number;
  /** Failing continuously this long disables the endpoint (default OUTBOUND_DISABLE_AFTER_HOURS). */
  disableAfterMs?: number;
  concurrency?: number;
  perEndpoint?: number;
  /** How long a claimed delivery is its worker's; after that another may send it (default timeout + 60 s). */
  leaseMs?: number;
  pollMs?: number;
  allowPrivateNetworks?: boolean;
  databaseUrl?: string;
  dbPoolMax?: number;
  fanOutBatch?: number;
};

export type Dispatcher = { stop(): Promise<void>; wake(): void };

export function startDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const config = {
    schedule: options.retryScheduleSeconds ?? env.OUTBOUND_RETRY_SCHEDULE,
    timeoutMs: options.timeoutMs ?? env.OUTBOUND_TIMEOUT_MS,
    disableAfterMs: options.disableAfterMs ?? env.OUTBOUND_DISABLE_AFTER_HOURS * 3_600_000,
    concurrency: options.concurrency ?? env.OUTBOUND_CONCURRENCY,
    perEndpoint: options.perEndpoint ?? env.OUTBOUND_PER_ENDPOINT,
    pollMs: options.pollMs ?? 1000,
    allowPrivateNetworks: options.allowPrivateNetworks ?? privateNetworksAllowed(),
    fanOutBatch: options.fanOutBatch ?? 500,
  };
  const leaseMs = options.leaseMs ?? config.timeoutMs + 60_000;
  const claimBatch = Math.max(1, Math.floor(config.concurrency / 4));
  const databaseUrl = options.databaseUrl ?? env.DATABASE_URL;
  // Custom plans always: a prepared statement's generic plan, made while the tables were nearly
  // empty, kept reading every pending delivery once a backlog built up, and delivery fell from
  // ~1,900 to ~300 a second for good (bench:outbound). Claims are few a second; planning is cheap.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.dbPoolMax ?? env.OUTBOUND_DB_POOL_MAX, connectionTimeoutMillis: 10_000, options: '-c jit=off -c plan_cache_mode=force_custom_plan' });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it.
  });

  let stopped = false;
  let pumping: Promise<void> | null = null;
  let again = false;
  // Set by NOTIFY and the poll: only then can new events wait to be fanned out. A slot freed by a
  // finished try only needs a claim.
  let eventsMayWait = true;
  const inFlight = new Set<Promise<void>>();
  // Successes waiting for their batch to commit. They no longer hold a sending slot (their lease
  // still keeps them from being claimed again, and counts toward their endpoint's cap).
  const recording = new Set<Promise<void>>();
  const successes = batchRecorder<{ deliveryId: string; result: TryResult }>((items) => recordSuccesses(pool, items), { maxBatch: 64, maxWaitMs: 5 });

  async function deliver(row: ClaimedDelivery): Promise<void> {
    let secret: string;
    try {
      secret = openSecret(row.secretCiphertext);
    } catch (error) {
      logger.error('outbound endpoint secret cannot be opened; delivery left for its lease to expire', { endpointId: row.endpointId, error: (error as Error).message });
      return;
    }
    const result = await sendOnce({ url: row.url, secret, messageId: row.eventId, body: row.body, timeoutMs: config.timeoutMs, allowPrivateNetworks: config.allowPrivateNetworks });
    outboundTries.inc({ outcome: result.ok ? 'success' : 'failure' });
    if (result.ok) {
      outboundDeliverySeconds.observe(Math.max(0, Date.now() - row.eventStoredAtMs) / 1000);
      const recorded: Promise<void> = successes
        .add({ deliveryId: row.id, result })
        .catch((error) => logger.warn('outbound success could not be recorded; sent again after its lease', { deliveryId: row.id, error }))
        .finally(() => recording.delete(recorded));
      recording.add(recorded);
      return;
    }
    const disabled = await recordFailure(pool, row.id, result, { scheduleSeconds: config.schedule, disableAfterMs: config.disableAfterMs });
    if (disabled) {
      outboundEndpointsDisabled.inc();
      logger.warn('outbound endpoint disabled after sustained failure', { endpointId: disabled.id, threePLId: disabled.threePLId });
      await alertEndpointDisabled(disabled, `every try failed for longer than the limit; last error: ${result.error ?? 'unknown'}`);
    }
  }

  async function cycle(): Promise<void> {
    if (eventsMayWait) {
      eventsMayWait = false;
      while (!stopped && (await fanOut(pool, config.fanOutBatch)) === config.fanOutBatch) {
        // A full batch: more events may wait.
      }
    }
    if (stopped) return;
    const claimed = await claimDue(pool, { limit: config.concurrency - inFlight.size, perEndpoint: config.perEndpoint, leaseMs });
    for (const row of claimed) {
      const task: Promise<void> = deliver(row)
        .catch((error) => logger.warn('outbound delivery try could not be recorded; retried after its lease', { deliveryId: row.id, error }))
        .finally(() => {
          inFlight.delete(task);
          // Slots are free: take the next due deliveries now rather than at the next poll, but a few
          // at a time. Under load a claim per finished try cost PostgreSQL more than the tries did.
          if (config.concurrency - inFlight.size >= claimBatch || inFlight.size === 0) pump();
        });
      inFlight.add(task);
    }
  }

  /** Runs cycles until nothing asked for another; concurrent wakes fold into one more cycle. */
  function pump(): void {
    if (stopped) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = (async () => {
      do {
        again = false;
        try {
          await cycle();
        } catch (error) {
          logger.warn('outbound dispatch cycle failed; retrying on the next tick', { error });
          break;
        }
      } while (again && !stopped);
    })().finally(() => {
      pumping = null;
    });
  }

  // Chained timers (periodic.ts's reason): a slow cycle never overlaps the next.
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    if (stopped) return;
    eventsMayWait = true;
    pump();
    timer = setTimeout(tick, config.pollMs);
    timer.unref();
  };

  // LISTEN on a connection of its own (a pooled one would be handed to queries); reconnects on error.
  let listener: pg.Client | null = null;
  let reconnect: NodeJS.Timeout | null = null;
  const listen = async () => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: databaseUrl });
    listener = client;
    client.on('notification', () => {
      eventsMayWait = true;
      pump();
    });
    client.on('error', (error) => {
      if (listener !== client) return; // already handled
      logger.warn('outbound LISTEN connection lost; reconnecting (polling meanwhile)', { error: error.message });
      listener = null;
      void client.end().catch(() => {});
      if (!stopped) reconnect = setTimeout(() => void listen(), 1000);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOUND_CHANNEL}`);
      // Notifications sent while it was not listening are lost: look for events now.
      eventsMayWait = true;
      pump();
    } catch (error) {
      client.emit('error', error as Error);
    }
  };
  void listen();
  tick();

  return {
    wake() {
      eventsMayWait = true;
      pump();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      if (reconnect) clearTimeout(reconnect);
      await listener?.end().catch(() => {});
      await pumping;
      // Tries in flight finish (each within the timeout) and are recorded before the pool closes.
      await Promise.allSettled([...inFlight]);
      await Promise.allSettled([...recording]);
      await pool.end();
    },
  };
}
