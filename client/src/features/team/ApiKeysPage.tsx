// Settings → API keys (OWNER and ADMIN): every key of the 3PL with whom it acts as, its scopes and
// when it was last used; create one for yourself or a teammate, optionally read-only (its secret is
// shown once), and revoke one (its connections close at once).
import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { Badge, Empty, ErrorState, Loading, errorMessage } from '../../app/ui';
import { formatDateTime } from '../../lib/format';
import { OneTimeSecret, ROLE_LABELS, useTeamViewer } from './shared';

/** The scope the API enforces (ApiKey.scopes): queries and subscriptions only. */
const READ_ONLY_SCOPE = 'read_only';

const KeysQuery = graphql(`
  query ApiKeysPage {
    apiKeys {
      id
      name
      prefix
      scopes
      createdAt
      lastUsedAt
      revokedAt
      user {
        userId
        email
      }
    }
    members {
      userId
      email
      role
      you
    }
  }
`);

const CreateKey = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey {
        id
        name
      }
    }
  }
`);

const RevokeKey = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

export function ApiKeysPage() {
  const viewer = useTeamViewer();
  const [{ data, error, fetching }, refetch] = useQuery({ query: KeysQuery, requestPolicy: 'cache-and-network' });
  const [created, create] = useMutation(CreateKey);
  const [revoking, revoke] = useMutation(RevokeKey);
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [fresh, setFresh] = useState<{ name: string; key: string } | null>(null);
  const [notice, setNotice] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const ids = { heading: useId(), name: useId(), owner: useId(), readOnly: useId(), readOnlyHint: useId(), list: useId(), error: useId() };
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!viewer.fetching && !viewer.manager) return <Empty title="API keys">Only an owner or admin manages API keys.</Empty>;
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={fetching ? 'Loading keys…' : undefined} />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNotice('');
    const result = await create({ input: { name, userId: owner || null, scopes: readOnly ? [READ_ONLY_SCOPE] : [] } });
    const issued = result.data?.createApiKey;
    if (!issued) return;
    setFresh({ name: issued.apiKey.name, key: issued.key });
    setName('');
    setReadOnly(false);
    reload();
  }

  async function revokeKey(id: string, label: string) {
    setConfirming(null);
    const result = await revoke({ id });
    if (!result.error) {
      setNotice(`Key ${label} revoked: it no longer works, and its open connections were closed.`);
      reload();
    }
  }

  const failure = created.error ?? revoking.error;
  return (
    <section>
      <div className="page-header">
        <div>
          <h1>API keys</h1>
          <p className="muted">A key acts as the person it belongs to, with their role. Keys are shown once, when created.</p>
        </div>
      </div>
      <section className="card" aria-labelledby={ids.heading}>
        <div className="section-head">
          <h2 id={ids.heading}>Create a key</h2>
        </div>
        <form className="card-body" onSubmit={submit} style={{ display: 'flex', flexDirection: 'column', gap: 12 }} noValidate>
          <div className="inline-form">
            <label htmlFor={ids.name}>Name</label>
            <input
              id={ids.name}
              type="text"
              maxLength={100}
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. ERP integration"
              aria-invalid={created.error ? true : undefined}
              aria-describedby={created.error ? ids.error : undefined}
              style={{ flex: '1 1 240px' }}
            />
          </div>
          <div className="inline-form">
            <label htmlFor={ids.owner}>Acts as</label>
            <select id={ids.owner} value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="">You</option>
              {data.members
                .filter((m) => !m.you)
                .map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.email} ({ROLE_LABELS[m.role]})
                  </option>
                ))}
            </select>
            <input id={ids.readOnly} type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} aria-describedby={ids.readOnlyHint} />
            <label htmlFor={ids.readOnly}>Read-only</label>
            <span id={ids.readOnlyHint} className="muted">
              Queries and live updates only: no changes, no syncs, no WMS writes.
            </span>
          </div>
          <div>
            <button type="submit" className="btn btn-primary" disabled={created.fetching}>
              {created.fetching ? 'Creating…' : 'Create key'}
            </button>
          </div>
          {fresh && <OneTimeSecret label={`New key "${fresh.name}"`} value={fresh.key} hint="Store it now: Packr keeps only a hash and cannot show it again." testId="new-api-key" />}
        </form>
      </section>
      <p role="status" aria-live="polite" className="muted" style={{ minHeight: '1.45em' }}>
        {notice}
      </p>
      {failure && (
        <p id={ids.error} className="banner banner-bad" role="alert">
          {errorMessage(failure)}
        </p>
      )}
      <section className="card" aria-labelledby={ids.list}>
        <div className="section-head">
          <h2 id={ids.list}>Keys</h2>
        </div>
        <div style={{ overflowX: 'auto' }}>
          <table className="table" aria-labelledby={ids.list}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Acts as</th>
                <th scope="col">Access</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.apiKeys.map((k) => {
                const label = `${k.name} (${k.prefix}…)`;
                return (
                  <tr key={k.id} data-testid="api-key-row" data-prefix={k.prefix}>
                    <th scope="row" className="row-head">
                      {k.name}
                    </th>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{k.user.email}</td>
                    <td>{k.scopes.includes(READ_ONLY_SCOPE) ? <Badge tone="neutral">Read-only</Badge> : 'Full'}</td>
                    <td>{formatDateTime(k.createdAt)}</td>
                    <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</td>
                    <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                      {k.revokedAt ? (
                        <Badge tone="neutral">Revoked</Badge>
                      ) : confirming === k.id ? (
                        <span className="inline-form" role="group" aria-label={`Confirm revoking ${label}`} style={{ justifyContent: 'flex-end' }}>
                          <span>Revoke? It stops working at once.</span>
                          <button type="button" className="btn btn-small btn-danger-solid" autoFocus onClick={() => revokeKey(k.id, label)}>
                            Revoke
                          </button>
                          <button type="button" className="btn btn-small" onClick={() => setConfirming(null)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirming(k.id)} aria-label={`Revoke ${label}`}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}
