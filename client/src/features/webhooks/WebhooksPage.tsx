// Settings → Webhooks ('/settings/webhooks'): the 3PL's outbound webhook endpoints. Each shows where
// events go, which events and brands, whether it is enabled (and why not), since when it fails and
// its delivery counts. OWNER and ADMIN create (the signing secret is shown once), edit, disable or
// enable, rotate the secret, delete and send a test event; operators read; brand viewers have no
// access (the API refuses them) and see no link here.
import { useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { EndpointFieldsFragment } from '../../gql/graphql';
import { Badge, Empty, ErrorState, Loading, errorMessage } from '../../app/ui';
import { Link } from '../../app/router';
import { formatAge, formatDateTime, formatNumber } from '../../lib/format';
import { OneTimeSecret, useTeamViewer } from '../team/shared';
import { CreateEndpointForm } from './CreateEndpointForm';
import { EditEndpointForm } from './EditEndpointForm';
import { SendTestEvent, webhookPath } from './webhooks';
import './webhooks.css';

const WebhooksQuery = graphql(`
  query WebhooksPage {
    webhookEndpoints {
      ...EndpointFields
    }
    outboundEventTypes {
      type
      description
    }
  }
`);

const UpdateEndpoint = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      ...EndpointFields
    }
  }
`);

const DeleteEndpoint = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

const RotateSecret = graphql(`
  mutation RotateWebhookEndpointSecret($id: ID!) {
    rotateWebhookEndpointSecret(id: $id) {
      secret
      endpoint {
        ...EndpointFields
      }
    }
  }
`);

export function WebhooksPage() {
  const viewer = useTeamViewer();
  const member = viewer.role !== null;
  const [{ data, error, fetching }, refetch] = useQuery({ query: WebhooksQuery, requestPolicy: 'cache-and-network', pause: !member });
  const [notice, setNotice] = useState('');
  const listId = useId();
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!viewer.fetching && !member) return <Empty title="Webhooks">Outbound webhooks belong to the 3PL; brand viewers have no access.</Empty>;
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={fetching || viewer.fetching ? 'Loading webhooks…' : undefined} />;

  const eventTypes = data.outboundEventTypes;
  return (
    <section>
      <div className="page-header">
        <div>
          <h1>Webhooks</h1>
          <p className="muted">
            Packr sends events (alerts, order and stock changes) to your endpoints, signed the Svix way with each endpoint's secret. An endpoint that keeps failing is disabled, and owners get an alert.
          </p>
        </div>
      </div>
      {viewer.manager ? (
        <CreateEndpointForm eventTypes={eventTypes} onCreated={reload} />
      ) : (
        <p className="banner banner-info" style={{ marginBottom: 16 }} data-testid="webhooks-read-only">
          Only owners and admins of the 3PL add or change endpoints; you can read them and their delivery logs.
        </p>
      )}
      <p role="status" aria-live="polite" className="muted" style={{ minHeight: '1.45em', margin: '8px 0' }} data-testid="webhooks-notice">
        {notice}
      </p>
      <h2 id={listId}>Endpoints</h2>
      {data.webhookEndpoints.length === 0 ? (
        <Empty title="No endpoints yet">{viewer.manager ? 'Add one above to receive events.' : 'An owner or admin adds them.'}</Empty>
      ) : (
        <ul className="endpoint-list" aria-labelledby={listId}>
          {data.webhookEndpoints.map((endpoint) => (
            <EndpointCard key={endpoint.id} endpoint={endpoint} eventTypes={eventTypes} canManage={viewer.manager} onNotice={setNotice} onChanged={reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EndpointStatus({ endpoint }: { endpoint: EndpointFieldsFragment }) {
  if (!endpoint.enabled) return <Badge tone="bad">Disabled</Badge>;
  if (endpoint.failingSince) return <Badge tone="warn">Failing</Badge>;
  return <Badge tone="ok">Enabled</Badge>;
}

function EndpointCard({ endpoint, eventTypes, canManage, onNotice, onChanged }: {
  endpoint: EndpointFieldsFragment;
  eventTypes: { type: string; description: string }[];
  canManage: boolean;
  onNotice(text: string): void;
  onChanged(): void;
}) {
  const [updating, update] = useMutation(UpdateEndpoint);
  const [deleting, remove] = useMutation(DeleteEndpoint);
  const [rotating, rotate] = useMutation(RotateSecret);
  const [testing, sendTest] = useMutation(SendTestEvent);
  const [confirming, setConfirming] = useState<'delete' | 'rotate' | null>(null);
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [testDelivery, setTestDelivery] = useState<string | null>(null);
  const headingId = useId();
  const failure = updating.error ?? deleting.error ?? rotating.error ?? testing.error;
  const busy = updating.fetching || deleting.fetching || rotating.fetching || testing.fetching;
  const name = endpoint.url;
  const describe = (type: string) => eventTypes.find((t) => t.type === type)?.description;

  async function toggle() {
    const result = await update({ input: { id: endpoint.id, enabled: !endpoint.enabled } });
    if (!result.error) onNotice(`${name} ${endpoint.enabled ? 'disabled: no events go to it' : 'enabled: events go to it again'}.`);
  }

  async function doRotate() {
    setConfirming(null);
    const result = await rotate({ id: endpoint.id });
    const fresh = result.data?.rotateWebhookEndpointSecret.secret;
    if (fresh) {
      setSecret(fresh);
      onNotice(`New secret for ${name}: the old one stops working now.`);
    }
  }

  async function doDelete() {
    setConfirming(null);
    const result = await remove({ id: endpoint.id });
    if (!result.error) {
      onNotice(`${name} deleted: it receives no more events.`);
      onChanged();
    }
  }

  async function test() {
    setTestDelivery(null);
    const result = await sendTest({ endpointId: endpoint.id });
    if (result.data) {
      setTestDelivery(result.data.sendTestWebhookEvent.id);
      onNotice(`Test event sent to ${name}. Its delivery is in the log.`);
      onChanged(); // its counts moved
    }
  }

  return (
    <li className="card endpoint-card" aria-labelledby={headingId} data-testid="endpoint-card" data-url={endpoint.url} data-enabled={endpoint.enabled}>
      <div className="section-head">
        <div style={{ minWidth: 0 }}>
          <h3 id={headingId} className="endpoint-url">
            {endpoint.url}
          </h3>
          {endpoint.description && <p className="muted small">{endpoint.description}</p>}
        </div>
        <EndpointStatus endpoint={endpoint} />
      </div>
      <div className="card-body">
        {!endpoint.enabled && (
          <p className="banner banner-bad" style={{ marginBottom: 12 }}>
            Disabled {endpoint.disabledAt ? formatAge(endpoint.disabledAt) : ''}
            {endpoint.disabledReason ? `: ${endpoint.disabledReason}` : '.'}
          </p>
        )}
        <dl className="kv">
          <dt>Events</dt>
          <dd>
            {endpoint.eventTypes.length === 0
              ? 'Every event type'
              : endpoint.eventTypes.map((t) => (
                  <code key={t} className="event-type" title={describe(t)}>
                    {t}
                  </code>
                ))}
          </dd>
          <dt>Brands</dt>
          <dd>{endpoint.brands.length === 0 ? 'Every brand' : endpoint.brands.map((b) => b.name).join(', ')}</dd>
          <dt>Deliveries</dt>
          <dd data-testid="endpoint-counts">
            {formatNumber(endpoint.counts.pending)} pending · {formatNumber(endpoint.counts.succeeded)} succeeded · <span className={endpoint.counts.failed > 0 ? 'error-text' : undefined}>{formatNumber(endpoint.counts.failed)} failed</span>
          </dd>
          <dt>Last success</dt>
          <dd>{endpoint.lastSuccessAt ? <time dateTime={endpoint.lastSuccessAt} title={formatDateTime(endpoint.lastSuccessAt)}>{formatAge(endpoint.lastSuccessAt)}</time> : 'Never'}</dd>
          {endpoint.failingSince && (
            <>
              <dt>Failing since</dt>
              <dd className="warn-text">
                {formatDateTime(endpoint.failingSince)} (last failure {formatAge(endpoint.lastFailureAt)})
              </dd>
            </>
          )}
          <dt>Created</dt>
          <dd>{formatDateTime(endpoint.createdAt)}</dd>
        </dl>
        {editing && (
          <EditEndpointForm
            endpoint={endpoint}
            eventTypes={eventTypes}
            onDone={(saved) => {
              setEditing(false);
              if (saved) {
                onNotice(saved);
                onChanged();
              }
            }}
          />
        )}
        {secret && (
          <div style={{ marginTop: 12 }}>
            <OneTimeSecret label={`New signing secret for ${name}`} value={secret} hint="Store it now in your receiver: Packr shows it only this once. Events are signed with it from now on." testId="rotated-secret" />
          </div>
        )}
        {failure && (
          <p className="banner banner-bad" role="alert" style={{ marginTop: 12 }}>
            {errorMessage(failure)}
          </p>
        )}
        <div className="inline-form endpoint-actions" role="group" aria-label={`Actions for ${name}`}>
          <Link to={webhookPath(endpoint.id)} className="btn btn-small">
            Delivery log<span className="sr-only"> of {name}</span>
          </Link>
          {testDelivery && (
            <Link to={webhookPath(endpoint.id)} className="small">
              See the test delivery
            </Link>
          )}
          {canManage && confirming === null && !editing && (
            <>
              <button type="button" className="btn btn-small" onClick={() => setEditing(true)} disabled={busy}>
                Edit<span className="sr-only"> {name}</span>
              </button>
              <button type="button" className="btn btn-small" onClick={test} disabled={busy || !endpoint.enabled} title={endpoint.enabled ? undefined : 'Enable the endpoint to send a test event'}>
                {testing.fetching ? 'Sending…' : 'Send test event'}
              </button>
              <button type="button" className="btn btn-small" onClick={toggle} disabled={busy}>
                {endpoint.enabled ? 'Disable' : 'Enable'}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setConfirming('rotate')} disabled={busy}>
                Rotate secret
              </button>
              <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirming('delete')} disabled={busy}>
                Delete
              </button>
            </>
          )}
          {canManage && confirming === 'rotate' && (
            <span className="inline-form" role="group" aria-label={`Confirm rotating the secret of ${name}`}>
              <span>Rotate the secret? The current one stops working at once.</span>
              <button type="button" className="btn btn-small btn-primary" autoFocus onClick={doRotate}>
                Rotate
              </button>
              <button type="button" className="btn btn-small" onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </span>
          )}
          {canManage && confirming === 'delete' && (
            <span className="inline-form" role="group" aria-label={`Confirm deleting ${name}`}>
              <span>Delete this endpoint? It receives no more events.</span>
              <button type="button" className="btn btn-small btn-danger-solid" autoFocus onClick={doDelete}>
                Delete
              </button>
              <button type="button" className="btn btn-small" onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </span>
          )}
        </div>
      </div>
    </li>
  );
}
