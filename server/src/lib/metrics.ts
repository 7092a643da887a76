// The process's Prometheus metrics: one Registry, served at GET /metrics (http/metrics-route.ts).
// A registry of our own rather than prom-client's global one, so a library that registers metrics
// globally cannot collide with ours or leak into the scrape.
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

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
  help: 'Requests whose credential was presented and refused, by transport (http, ws, metrics)',
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
