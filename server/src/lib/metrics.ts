// The process's Prometheus metrics: one Registry, served at GET /metrics (http/metrics-route.ts).
// A registry of our own rather than prom-client's global one, so a library that registers metrics
// globally cannot collide with ours or leak into the scrape.
// The workers' metrics (sync runs, webhook processing) are not here: each worker process keeps
// lib/worker-metrics.ts and /metrics adds their published snapshots (lib/metrics-snapshots.ts).
import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

// CPU, memory, event-loop lag, handles, GC: the standard process_* and nodejs_* series.
collectDefaultMetrics({ register: metricsRegistry });

/** Webhook deliveries refused, by reason (the error code answered, e.g. INVALID_SIGNATURE). */
export const webhookRefusals = new Counter({
  name: 'packr_webhook_refusals_total',
  help: 'Trackstar webhook deliveries refused, by reason',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

/** API keys (or the metrics token) presented and refused, by transport. */
export const authFailures = new Counter({
  name: 'packr_auth_failures_total',
  help: 'Requests whose credential was presented and refused, by transport (http, ws, metrics, admin)',
  labelNames: ['transport'] as const,
  registers: [metricsRegistry],
});

/** Requests answered 429 because their source address failed too often. */
export const rateLimited = new Counter({
  name: 'packr_rate_limited_total',
  help: 'Requests answered 429 because their source address was over a failure limit, by limit (auth, webhook)',
  labelNames: ['limit'] as const,
  registers: [metricsRegistry],
});

/** Request bodies refused with 413, by route. */
export const payloadTooLarge = new Counter({
  name: 'packr_payload_too_large_total',
  help: 'Requests answered 413 because their body was over the limit, by route (graphql, webhook)',
  labelNames: ['route'] as const,
  registers: [metricsRegistry],
});

/** From a webhook request's arrival to its answer, by outcome (accepted, duplicate, refused, unavailable). */
export const webhookAckSeconds = new Histogram({
  name: 'packr_webhook_ack_seconds',
  help: 'Time to acknowledge a Trackstar webhook delivery, by outcome (accepted, duplicate, refused, unavailable)',
  labelNames: ['outcome'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

/** GraphQL subscriptions (change streams) open in this API process, by change kind. */
export const subscriptionsActive = new Gauge({
  name: 'packr_subscriptions_active',
  help: 'GraphQL subscriptions open in this API process, by change kind',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

export const subscriptionDeliverySeconds = new Histogram({
  name: 'packr_subscription_delivery_seconds',
  help: "From a change notice's arrival at this API process (Redis pub/sub) to a subscriber's result being ready to send",
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [metricsRegistry],
});

export const responseCacheLookups = new Counter({
  name: 'packr_response_cache_requests_total',
  help: "Cacheable GraphQL requests (order, shipment, inventory pages) by result: hit, miss, bypass (the brand's change stream was not live, so the cache was not used)",
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

// Live notices are the objects the change hub parsed; replays from the change log are new objects
// and carry no arrival time, so only live deliveries are timed.
const noticeArrivals = new WeakMap<object, number>();

/** The change hub received this notice now. */
export function markNoticeArrived(notice: object): void {
  noticeArrivals.set(notice, performance.now());
}

/** A subscriber's result for this notice is ready: observed once per subscriber, live notices only. */
export function observeNoticeDelivered(notice: unknown): void {
  const arrived = typeof notice === 'object' && notice !== null ? noticeArrivals.get(notice) : undefined;
  if (arrived !== undefined) subscriptionDeliverySeconds.observe((performance.now() - arrived) / 1000);
}
