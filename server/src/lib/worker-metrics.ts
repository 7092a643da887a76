// The worker process's Prometheus metrics: sync runs and webhook processing. They live in their
// own registry, apart from lib/metrics.ts's, because a worker serves no HTTP: every few seconds it
// publishes this registry as a snapshot to Redis (jobs/metrics-publisher.ts) and the API's
// /metrics sums the live snapshots of every worker (lib/metrics-snapshots.ts). Names never clash
// with the API's own, so a worker running inside the API process (tests, benchmarks) is reported
// once, through its snapshot. Labels stay low-cardinality: resource, outcome, never a tenant id.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const workerMetricsRegistry = new Registry();

/** 1 per live worker process: the scrape's sum is the number of workers whose snapshot is fresh. */
export const workerProcesses = new Gauge({
  name: 'packr_worker_processes',
  help: 'Worker processes whose metrics snapshot is fresh (each reports 1)',
  registers: [workerMetricsRegistry],
});
workerProcesses.set(1);

export const syncRuns = new Counter({
  name: 'packr_sync_runs_total',
  help: 'Sync job attempts by resource and outcome (completed, failed, stopped, auth_failed, unsupported, skipped)',
  labelNames: ['resource', 'outcome'] as const,
  registers: [workerMetricsRegistry],
});

export const syncRunDuration = new Histogram({
  name: 'packr_sync_run_duration_seconds',
  help: 'Duration of sync job attempts by resource and outcome',
  labelNames: ['resource', 'outcome'] as const,
  buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
  registers: [workerMetricsRegistry],
});

/** Counted as each page commits, so a long backfill shows progress before it ends. */
export const syncPages = new Counter({
  name: 'packr_sync_pages_total',
  help: 'Trackstar list pages committed by sync runs, by resource',
  labelNames: ['resource'] as const,
  registers: [workerMetricsRegistry],
});

export const syncRecords = new Counter({
  name: 'packr_sync_records_total',
  help: 'Valid records committed by sync runs, by resource',
  labelNames: ['resource'] as const,
  registers: [workerMetricsRegistry],
});

export const syncRateLimitWait = new Counter({
  name: 'packr_sync_rate_limit_wait_seconds_total',
  help: "Time sync runs spent waiting for the shared Trackstar rate limiter (including after 429s), by resource",
  labelNames: ['resource'] as const,
  registers: [workerMetricsRegistry],
});

export const syncErrors = new Counter({
  name: 'packr_sync_errors_total',
  help: 'Failed sync job attempts by resource and error kind (rate_limited, upstream, auth, not_implemented, trackstar, internal)',
  labelNames: ['resource', 'error'] as const,
  registers: [workerMetricsRegistry],
});

export const webhookEventsProcessed = new Counter({
  name: 'packr_webhook_events_processed_total',
  help: 'Webhook jobs finished by the worker, by outcome (processed, ignored, skipped: already applied)',
  labelNames: ['outcome'] as const,
  registers: [workerMetricsRegistry],
});

export const webhookProcessingFailures = new Counter({
  name: 'packr_webhook_processing_failures_total',
  help: 'Failed webhook processing attempts; final="true" when the event is marked FAILED',
  labelNames: ['final'] as const,
  registers: [workerMetricsRegistry],
});

export const webhookProcessingLag = new Histogram({
  name: 'packr_webhook_processing_lag_seconds',
  help: 'From a webhook event being queued (right after its acknowledgement) to its job finishing',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [workerMetricsRegistry],
});

export const outboundTries = new Counter({
  name: 'packr_outbound_tries_total',
  help: 'HTTP tries of outbound webhook deliveries, by outcome (success: a 2xx; failure: any other answer, a timeout or a network error)',
  labelNames: ['outcome'] as const,
  registers: [workerMetricsRegistry],
});

export const outboundDeliverySeconds = new Histogram({
  name: 'packr_outbound_delivery_seconds',
  help: "From an outbound event being stored (its transaction's commit) to an endpoint's 2xx, retries included",
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 6 * 3600, 24 * 3600],
  registers: [workerMetricsRegistry],
});

export const outboundEndpointsDisabled = new Counter({
  name: 'packr_outbound_endpoints_disabled_total',
  help: 'Outbound webhook endpoints disabled after failing every try for OUTBOUND_DISABLE_AFTER_HOURS',
  registers: [workerMetricsRegistry],
});
