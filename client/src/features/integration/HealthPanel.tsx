// Webhook deliveries (with replay for failed ones), webhook lag and queue counts, from health(brandId).
import { useEffect } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { Badge, Empty, ErrorState, errorMessage, type Tone } from '../../app/ui';
import { formatAge, formatNumber, humanize } from '../../lib/format';

const HealthQuery = graphql(`
  query BrandHealth($brandId: ID!) {
    health(brandId: $brandId) {
      brandId
      webhookLag {
        p50Ms
        maxMs
        samples
      }
      rateLimit {
        limit
        remaining
        resetsAt
        observedAt
      }
      writeRateLimit {
        limit
        remaining
        resetsAt
        observedAt
      }
      queues {
        capped
        sync {
          waiting
          active
          delayed
          failed
        }
        webhooks {
          waiting
          active
          delayed
          failed
        }
      }
      upstreamStuck {
        eventType
        reportedAt
        resource
        message
      }
      recentWebhooks {
        id
        eventType
        status
        attempts
        error
        receivedAt
        lagMs
      }
    }
  }
`);

const Replay = graphql(`
  mutation ReplayWebhookEvent($id: ID!) {
    replayWebhookEvent(id: $id) {
      id
      status
      attempts
    }
  }
`);

const POLL_MS = 10_000;

const TONE: Record<string, Tone> = { PROCESSED: 'ok', PENDING: 'info', FAILED: 'bad', IGNORED: 'neutral' };

/** `version` changes on every live event of the brand, so the panel refetches with the rest. */
export function HealthPanel({ brandId, version, canReplay }: { brandId: string; version: number; canReplay: boolean }) {
  const [{ data, error }, refetch] = useQuery({ query: HealthQuery, variables: { brandId }, requestPolicy: 'cache-and-network' });
  const [replay, runReplay] = useMutation(Replay);
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);
  // Queue counts and deliveries have no change events of their own: poll gently while visible.
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && refetch({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [refetch]);

  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  const health = data?.health;
  if (!health) return null;
  const queues = health.queues;

  return (
    <div className="grid-2" style={{ marginTop: 16 }}>
      {health.upstreamStuck.length > 0 && (
        // Packr cannot be fresher than Trackstar: say so when Trackstar reports its own sync stuck.
        <div className="banner banner-warn" role="status" data-testid="upstream-stuck" style={{ gridColumn: '1 / -1' }}>
          Trackstar reports its own sync stuck for this connection:{' '}
          {health.upstreamStuck.map((r, i) => (
            <span key={`${r.eventType}-${r.reportedAt}`}>
              {i > 0 && '; '}
              {r.eventType === 'connection.schedule-stuck' ? 'sync schedule' : 'sync job'}
              {r.resource && ` (${humanize(r.resource)})`} {formatAge(r.reportedAt)}
              {r.message && `: ${r.message}`}
            </span>
          ))}
          . Data may lag until Trackstar recovers.
        </div>
      )}
      <div className="card" style={{ marginTop: 0 }}>
        <div className="section-head">
          <h2>Recent webhooks</h2>
          <span className="muted small">
            lag p50 {health.webhookLag.p50Ms != null ? `${formatNumber(health.webhookLag.p50Ms)} ms` : '—'} · max{' '}
            {health.webhookLag.maxMs != null ? `${formatNumber(health.webhookLag.maxMs)} ms` : '—'}
          </span>
        </div>
        {replay.error && <p className="banner banner-bad">{errorMessage(replay.error)}</p>}
        {health.recentWebhooks.length === 0 ? (
          <Empty title="No webhooks yet" />
        ) : (
          <table className="table" aria-label="Recent webhooks">
            <tbody>
              {health.recentWebhooks.map((w) => (
                <tr key={w.id} data-testid="webhook-row">
                  <td>
                    <div className="mono">{w.eventType}</div>
                    {w.error && <div className={`small ${w.status === 'FAILED' ? 'error-text' : 'muted'}`}>{w.error}</div>}
                  </td>
                  <td>
                    <Badge tone={TONE[w.status] ?? 'neutral'}>{humanize(w.status)}</Badge>
                    {w.attempts > 1 && <div className="muted small">{w.attempts} attempts</div>}
                  </td>
                  <td className="muted small nowrap" title={w.receivedAt}>
                    {formatAge(w.receivedAt)}
                  </td>
                  <td className="num">
                    {w.status === 'FAILED' && canReplay && (
                      <button type="button" className="btn btn-small" disabled={replay.fetching} onClick={() => runReplay({ id: w.id }).then(() => refetch({ requestPolicy: 'network-only' }))}>
                        Replay
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card" style={{ marginTop: 0 }}>
        <div className="section-head">
          <h2>Queues</h2>
          {queues?.capped && <span className="muted small">lower bounds</span>}
        </div>
        {!queues ? (
          <p className="card-body muted">Queue counts are unavailable (Redis did not answer in time).</p>
        ) : (
          <table className="table" aria-label="Queue counts">
            <thead>
              <tr>
                <th>Queue</th>
                <th className="num">Waiting</th>
                <th className="num">Active</th>
                <th className="num">Delayed</th>
                <th className="num">Failed</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['Sync', queues.sync],
                  ['Webhooks', queues.webhooks],
                ] as const
              ).map(([name, c]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td className="num">{formatNumber(c.waiting)}</td>
                  <td className="num">{formatNumber(c.active)}</td>
                  <td className="num">{formatNumber(c.delayed)}</td>
                  <td className={`num${c.failed > 0 ? ' low' : ''}`}>{formatNumber(c.failed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="card-body" style={{ borderTop: '1px solid var(--border)' }} data-testid="rate-limit">
          <h3>Trackstar rate limit</h3>
          <RateLimitLine label="Reads" budget={health.rateLimit} />
          <RateLimitLine label="Writes" budget={health.writeRateLimit} />
        </div>
      </div>
    </div>
  );
}

type Budget = { limit: number; remaining: number; resetsAt?: string | null; observedAt: string } | null | undefined;

/** "Reads: 7 of 10 requests/s left, seen 5 s ago": the budget Trackstar's last answer stated for this connection. */
function RateLimitLine({ label, budget }: { label: string; budget: Budget }) {
  if (!budget) {
    return (
      <p className="small muted">
        {label}: no request in the last hour
      </p>
    );
  }
  return (
    <p className="small">
      {label}: <strong>{formatNumber(budget.remaining)}</strong> of {formatNumber(budget.limit)} requests/s left
      <span className="muted" title={budget.resetsAt ? `Resets at ${budget.resetsAt}` : undefined}>
        {' '}
        · seen {formatAge(budget.observedAt)}
      </span>
    </p>
  );
}
