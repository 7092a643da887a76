// Brand → Integration: connection status, per-resource sync state with "Sync now", disconnect.
// Everything refetches on the brand's integration/sync events, so it stays live.
import { useCallback, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { SyncResource } from '../../gql/graphql';
import { Badge, Empty, ErrorState, Loading, errorMessage } from '../../app/ui';
import { formatAge, formatDateTime, formatNumber, humanize } from '../../lib/format';
import { integrationDisplay, isSyncing } from '../brands/integration-status';
import { useBrandEvents } from '../brands/useBrandEvents';
import { ConnectButton } from './ConnectButton';
import { SyncTable } from './SyncTable';
import { HealthPanel } from './HealthPanel';
import { ConnectLinksPanel } from './ConnectLinksPanel';
import { IntegrationFilterSettings } from './IntegrationFilterSettings';
import { SyncSettingsEditor } from './SyncSettingsEditor';
import { SyncRunChart } from './SyncRunChart';

const IntegrationQuery = graphql(`
  query IntegrationScreen($brandId: ID!) {
    appConfig {
      trackstarSandbox
      trackstarLinkScriptUrl
      trackstarConfigured
    }
    viewer {
      role
    }
    integration(brandId: $brandId) {
      id
      status
      integrationName
      connectionId
      lastError
      connectedAt
      lastSyncedAt
      lastWebhookAt
      availableActions
      syncStates {
        ...SyncStateRow
      }
    }
  }
`);

const TriggerSync = graphql(`
  mutation TriggerSync($brandId: ID!, $resources: [SyncResource!]) {
    triggerSync(brandId: $brandId, resources: $resources) {
      ...SyncStateRow
    }
  }
`);

const Disconnect = graphql(`
  mutation DisconnectTrackstar($brandId: ID!) {
    disconnectTrackstar(brandId: $brandId) {
      id
      status
    }
  }
`);

export function IntegrationPage({ brandId }: { brandId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: IntegrationQuery, variables: { brandId }, requestPolicy: 'cache-and-network' });
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => {
    refetch({ requestPolicy: 'network-only' });
    setVersion((v) => v + 1);
  }, [refetch]);
  useBrandEvents([brandId], refresh);
  const [sync, triggerSync] = useMutation(TriggerSync);
  const [disconnectState, disconnect] = useMutation(Disconnect);
  const [syncing, setSyncing] = useState<ReadonlySet<string>>(new Set());
  const dialog = useRef<HTMLDialogElement>(null);

  if (error && !data) return <ErrorState error={error} retry={refresh} />;
  if (fetching && !data) return <Loading label="Loading integration…" />;
  if (!data) return null;

  const { appConfig, viewer, integration } = data;
  const manager = viewer.role === 'OWNER' || viewer.role === 'ADMIN';
  const connected = integration && integration.status !== 'DISCONNECTED';
  const syncingNow = isSyncing(integration?.syncStates);
  const status = integrationDisplay(integration ? { status: integration.status, syncing: syncingNow } : null);

  async function runSync(resources: SyncResource[] | null) {
    const key = resources ? resources.join(',') : 'ALL';
    setSyncing((s) => new Set(s).add(key));
    await triggerSync({ brandId, resources });
    setSyncing((s) => {
      const next = new Set(s);
      next.delete(key);
      return next;
    });
    refresh();
  }

  async function confirmDisconnect() {
    const result = await disconnect({ brandId });
    if (!result.error) {
      dialog.current?.close();
      refresh();
    }
  }

  const connectProps = { brandId, sandbox: appConfig.trackstarSandbox, scriptUrl: appConfig.trackstarLinkScriptUrl ?? null, onConnected: refresh };

  return (
    <div>
      <div className="card">
        <div className="section-head">
          <h2>Trackstar connection</h2>
          <Badge tone={status.tone}>{status.label}</Badge>
        </div>
        <div className="card-body">
          {!appConfig.trackstarConfigured && <p className="banner banner-warn">Trackstar is not configured on this server (TRACKSTAR_BASE_URL / TRACKSTAR_API_KEY).</p>}
          {!connected ? (
            <div style={{ display: 'flex', flexDirection: 'column', gap: 10, alignItems: 'flex-start' }}>
              <p>Connect this brand's warehouse management system. Packr then backfills orders, inventory, returns and inbound shipments and keeps them current through webhooks.</p>
              {manager ? <ConnectButton {...connectProps} /> : <p className="muted">Ask an owner or admin of your 3PL to connect the WMS.</p>}
            </div>
          ) : (
            <>
              {integration.lastError && (
                <p className="banner banner-bad" role="alert" style={{ marginBottom: 12 }}>
                  {integration.lastError}
                </p>
              )}
              <div className="stat-row">
                <Stat label="WMS" value={integration.integrationName ? humanize(integration.integrationName) : '—'} />
                <Stat label="Connected" value={formatDateTime(integration.connectedAt)} />
                <Stat label="Last sync" value={formatAge(integration.lastSyncedAt)} />
                <Stat label="Last webhook" value={formatAge(integration.lastWebhookAt)} />
                <Stat label="Functions" value={formatNumber(integration.availableActions.length)} />
              </div>
              {manager && (
                <div className="inline-form" style={{ marginTop: 16 }}>
                  {integration.status === 'ERROR' && <ConnectButton {...connectProps} label="Reconnect" />}
                  <button type="button" className="btn btn-danger" onClick={() => dialog.current?.showModal()}>
                    Disconnect…
                  </button>
                </div>
              )}
            </>
          )}
        </div>
      </div>

      {manager && <ConnectLinksPanel brandId={brandId} version={version} />}
      {manager && <IntegrationFilterSettings />}

      {integration && integration.syncStates.length > 0 && (
        <div className="card">
          <div className="section-head">
            <h2>Sync</h2>
            <button type="button" className="btn btn-small" onClick={() => runSync(null)} disabled={!connected || syncing.has('ALL')}>
              {syncing.has('ALL') ? 'Starting…' : 'Sync all now'}
            </button>
          </div>
          {sync.error && <p className="banner banner-bad">{errorMessage(sync.error)}</p>}
          <SyncTable states={integration.syncStates} disabled={!connected} busy={syncing} onSync={(r) => runSync([r])} />
        </div>
      )}
      {manager && integration && integration.syncStates.length > 0 && <SyncSettingsEditor brandId={brandId} version={version} />}
      {integration && integration.syncStates.length === 0 && connected && (
        <div className="card">
          <Empty title="No sync has run yet">The first backfill starts right after connecting.</Empty>
        </div>
      )}

      {integration && <HealthPanel brandId={brandId} version={version} canReplay={manager} />}

      {integration && integration.syncStates.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <SyncRunChart brandId={brandId} version={version} />
        </div>
      )}

      <dialog ref={dialog} className="dialog" aria-labelledby="disconnect-title">
        <div className="dialog-body">
          <h2 id="disconnect-title">Disconnect this WMS?</h2>
          <p>Packr stops syncing and removes the connection at Trackstar. Data already synced stays readable; you can connect again later.</p>
          {disconnectState.error && <p className="field-error">{errorMessage(disconnectState.error)}</p>}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="button" className="btn btn-danger-solid" onClick={confirmDisconnect} disabled={disconnectState.fetching}>
              {disconnectState.fetching ? 'Disconnecting…' : 'Disconnect'}
            </button>
          </div>
        </div>
      </dialog>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <span className="label">{label}</span>
      <span className="value" style={{ fontSize: 15 }}>
        {value}
      </span>
    </div>
  );
}
