// "Send connect link": OWNER and ADMIN create a Trackstar magic link for the brand, copy its URL to
// send it, and see or revoke the brand's links. The brand connects from the link without a Packr
// login; the connection arrives by webhook and the page's brand events refresh this list too.
import { useEffect, useId, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ConnectLinkStatus } from '../../gql/graphql';
import { Badge, errorMessage, type Tone } from '../../app/ui';
import { formatDateTime } from '../../lib/format';

const ConnectLinks = graphql(`
  query ConnectLinks($brandId: ID!) {
    connectLinks(brandId: $brandId, includeInactive: true) {
      id
      url
      status
      createdAt
      expiresAt
      usedAt
    }
  }
`);

const CreateConnectLink = graphql(`
  mutation CreateConnectLink($brandId: ID!, $expiresInDays: Int) {
    createConnectLink(brandId: $brandId, expiresInDays: $expiresInDays) {
      id
      url
      status
      createdAt
      expiresAt
      usedAt
    }
  }
`);

const RevokeConnectLink = graphql(`
  mutation RevokeConnectLink($id: ID!) {
    revokeConnectLink(id: $id) {
      id
      status
    }
  }
`);

const DAYS = [1, 3, 7, 14, 30];
const SHOWN = 8;
const TONE: Record<ConnectLinkStatus, Tone> = { ACTIVE: 'info', USED: 'ok', EXPIRED: 'neutral', REVOKED: 'neutral' };
const LABEL: Record<ConnectLinkStatus, string> = { ACTIVE: 'Active', USED: 'Used', EXPIRED: 'Expired', REVOKED: 'Revoked' };

/** Clipboard API where allowed; otherwise the selected text with the legacy copy command. */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.select();
    return document.execCommand('copy');
  }
}

export function ConnectLinksPanel({ brandId, version }: { brandId: string; version: number }) {
  const [{ data, error }, refetch] = useQuery({ query: ConnectLinks, variables: { brandId }, requestPolicy: 'cache-and-network' });
  const [created, create] = useMutation(CreateConnectLink);
  const [revoking, revoke] = useMutation(RevokeConnectLink);
  const [days, setDays] = useState(7);
  const [fresh, setFresh] = useState<{ id: string; url: string | null } | null>(null);
  const [notice, setNotice] = useState('');
  const urlField = useRef<HTMLInputElement>(null);
  const ids = { days: useId(), url: useId(), heading: useId() };

  // The brand's events (a link used, the brand connected) bump `version`.
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);

  async function send() {
    setNotice('');
    const result = await create({ brandId, expiresInDays: days });
    const link = result.data?.createConnectLink;
    if (!link) return;
    setFresh({ id: link.id, url: link.url ?? null });
    setNotice(link.url ? 'Link created. Copy it and send it to the brand.' : 'Link created, but Trackstar returned no URL: copy it from the Trackstar dashboard.');
    refetch({ requestPolicy: 'network-only' });
  }

  // A new link takes the focus, so keyboard and screen reader users land on what to copy.
  useEffect(() => {
    if (fresh) urlField.current?.focus();
  }, [fresh]);

  async function copy(url: string, field: HTMLInputElement | null) {
    setNotice((await copyText(url, field)) ? 'Link copied to the clipboard.' : 'Could not copy: select the link and copy it yourself.');
  }

  async function revokeLink(id: string) {
    const result = await revoke({ id });
    if (!result.error) {
      setNotice('Link revoked: it no longer works.');
      if (fresh?.id === id) setFresh(null);
      refetch({ requestPolicy: 'network-only' });
    }
  }

  const links = data?.connectLinks ?? [];
  const failure = created.error ?? revoking.error ?? error;
  // Once the new link is used (or revoked elsewhere), its URL is no longer worth copying.
  const freshStatus = links.find((l) => l.id === fresh?.id)?.status;
  const freshUrl = fresh?.url && (freshStatus === undefined || freshStatus === 'ACTIVE') ? fresh.url : null;

  return (
    <section className="card" aria-labelledby={ids.heading} data-testid="connect-links">
      <div className="section-head">
        <h2 id={ids.heading}>Connect link</h2>
      </div>
      <div className="card-body" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        <p>Send the brand a link to connect its WMS itself, without a Packr login. Its connection arrives here once the brand finishes.</p>
        <div className="inline-form">
          <label htmlFor={ids.days}>Valid for</label>
          <select id={ids.days} value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 1 ? '1 day' : `${d} days`}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-primary" onClick={send} disabled={created.fetching}>
            {created.fetching ? 'Creating…' : 'Send connect link'}
          </button>
        </div>

        {freshUrl && (
          <div className="inline-form">
            <label htmlFor={ids.url}>Link for the brand</label>
            <input id={ids.url} ref={urlField} type="text" readOnly value={freshUrl} onFocus={(e) => e.target.select()} style={{ flex: '1 1 320px' }} />
            <button type="button" className="btn" onClick={() => copy(freshUrl, urlField.current)}>
              Copy link
            </button>
          </div>
        )}
        <p role="status" aria-live="polite" className="muted" style={{ minHeight: '1.45em' }}>
          {notice}
        </p>
        {failure && (
          <p className="field-error" role="alert">
            {errorMessage(failure)}
          </p>
        )}

        {links.length > 0 && (
          <div style={{ overflowX: 'auto' }}>
            <table className="table" aria-label="Connect links of this brand">
              <thead>
                <tr>
                  <th>Created</th>
                  <th>Expires</th>
                  <th>Status</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {links.slice(0, SHOWN).map((link) => (
                  <tr key={link.id} data-testid="connect-link-row" data-status={link.status}>
                    <td>{formatDateTime(link.createdAt)}</td>
                    <td>{link.status === 'USED' ? `Used ${formatDateTime(link.usedAt)}` : formatDateTime(link.expiresAt)}</td>
                    <td>
                      <Badge tone={TONE[link.status]}>{LABEL[link.status]}</Badge>
                    </td>
                    <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                      {link.status === 'ACTIVE' && (
                        <span className="inline-form" style={{ justifyContent: 'flex-end' }}>
                          {link.url && (
                            <button type="button" className="btn btn-small" onClick={() => copy(link.url!, null)} aria-label={`Copy link created ${formatDateTime(link.createdAt)}`}>
                              Copy
                            </button>
                          )}
                          <button
                            type="button"
                            className="btn btn-small btn-danger"
                            onClick={() => revokeLink(link.id)}
                            disabled={revoking.fetching}
                            aria-label={`Revoke link created ${formatDateTime(link.createdAt)}`}
                          >
                            Revoke
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
