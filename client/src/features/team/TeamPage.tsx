// Settings → Team (OWNER and ADMIN): everyone on the team with their role, brand access for brand
// viewers, when their keys were last used; pending invitations; the invite form, which shows the
// one-time link once. The server holds the rules (an ADMIN never acts on an OWNER, the last OWNER
// stays); refusals are shown as it words them.
import { useId, useState, type CSSProperties, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { MembershipRole, TeamRole } from '../../gql/graphql';
import { Badge, Empty, ErrorState, Loading, errorMessage } from '../../app/ui';
import { formatDateTime } from '../../lib/format';
import { OneTimeSecret, ROLE_LABELS, useTeamViewer } from './shared';

const TeamQuery = graphql(`
  query TeamPage {
    members {
      userId
      email
      name
      role
      you
      joinedAt
      brands {
        id
        name
      }
      apiKeys {
        id
        lastUsedAt
      }
    }
    invitations {
      id
      email
      role
      status
      expiresAt
      brands {
        id
        name
      }
    }
    brands {
      id
      name
    }
  }
`);

const UpdateRole = graphql(`
  mutation UpdateMemberRole($userId: ID!, $role: MembershipRole!) {
    updateMemberRole(userId: $userId, role: $role) {
      userId
      role
    }
  }
`);
const RemoveMember = graphql(`
  mutation RemoveMember($userId: ID!) {
    removeMember(userId: $userId)
  }
`);
const GrantAccess = graphql(`
  mutation GrantBrandAccess($userId: ID!, $brandIds: [ID!]!) {
    grantBrandAccess(userId: $userId, brandIds: $brandIds) {
      userId
    }
  }
`);
const RevokeAccess = graphql(`
  mutation RevokeBrandAccess($userId: ID!, $brandIds: [ID!]!) {
    revokeBrandAccess(userId: $userId, brandIds: $brandIds) {
      userId
    }
  }
`);
const Invite = graphql(`
  mutation InviteMember($email: String!, $role: TeamRole!, $brandIds: [ID!]) {
    inviteMember(email: $email, role: $role, brandIds: $brandIds) {
      url
      invitation {
        id
        email
      }
    }
  }
`);
const RevokeInvitation = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id) {
      id
      status
    }
  }
`);

type Brand = { id: string; name: string };

/** One checkbox per brand; `chosen` holds the ids ticked. */
function BrandCheckboxes(props: { brands: Brand[]; chosen: Set<string>; onChange: (next: Set<string>) => void; labelStyle: CSSProperties }) {
  const { brands, chosen, onChange, labelStyle } = props;
  return (
    <>
      {brands.map((b) => (
        <label key={b.id} style={labelStyle}>
          <input
            type="checkbox"
            checked={chosen.has(b.id)}
            onChange={(e) => {
              const next = new Set(chosen);
              if (e.target.checked) next.add(b.id);
              else next.delete(b.id);
              onChange(next);
            }}
          />{' '}
          {b.name}
        </label>
      ))}
    </>
  );
}
const MEMBER_ROLES: MembershipRole[] = ['OWNER', 'ADMIN', 'OPERATOR'];
const INVITE_ROLES: TeamRole[] = ['OPERATOR', 'ADMIN', 'OWNER', 'BRAND_VIEWER'];

const lastUsed = (keys: { lastUsedAt?: string | null }[]) => {
  const times = keys.map((k) => k.lastUsedAt).filter((t): t is string => !!t).sort();
  return times.length ? formatDateTime(times[times.length - 1]) : 'Never';
};

export function TeamPage() {
  const viewer = useTeamViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: TeamQuery, requestPolicy: 'cache-and-network' });
  const [notice, setNotice] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!viewer.fetching && !viewer.manager) return <Empty title="Team">Only an owner or admin manages the team.</Empty>;
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={fetching ? 'Loading the team…' : undefined} />;

  /** Runs a change; says what happened, or the server's refusal. */
  const act = async (run: () => Promise<{ error?: Error }>, done: string) => {
    setNotice('');
    setProblem(null);
    const result = await run();
    if (result.error) setProblem(errorMessage(result.error));
    else {
      setNotice(done);
      reload();
    }
  };

  return (
    <section>
      <div className="page-header">
        <div>
          <h1>Team</h1>
          <p className="muted">Who may use Packr for your 3PL. Owners and admins manage it; brand viewers read only the brands given to them.</p>
        </div>
      </div>
      <p role="status" aria-live="polite" className="muted" style={{ minHeight: '1.45em' }}>
        {notice}
      </p>
      {problem && (
        <p className="banner banner-bad" role="alert">
          {problem}
        </p>
      )}
      <MembersTable members={data.members} brands={data.brands} viewerRole={viewer.role} act={act} />
      <InviteForm brands={data.brands} viewerRole={viewer.role} onInvited={reload} />
      <InvitationsTable invitations={data.invitations} act={act} />
    </section>
  );
}

type Act = (run: () => Promise<{ error?: Error }>, done: string) => Promise<void>;
type Member = { userId: string; email: string; name?: string | null; role: TeamRole; you: boolean; joinedAt: string; brands: Brand[]; apiKeys: { lastUsedAt?: string | null }[] };

function MembersTable({ members, brands, viewerRole, act }: { members: Member[]; brands: Brand[]; viewerRole: string | null; act: Act }) {
  const [, updateRole] = useMutation(UpdateRole);
  const [, remove] = useMutation(RemoveMember);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const headingId = useId();
  const isOwner = viewerRole === 'OWNER';

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>Members</h2>
      </div>
      <div style={{ overflowX: 'auto' }}>
        <table className="table" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Brands</th>
              <th scope="col">Key last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const who = m.name ? `${m.name} (${m.email})` : m.email;
              // An ADMIN cannot change an OWNER; the server says so too.
              const locked = m.role === 'OWNER' && !isOwner;
              return (
                <tr key={m.userId} data-testid="member-row" data-email={m.email}>
                  <th scope="row" className="row-head">
                    {m.name ?? m.email}
                    {m.name && <div className="muted">{m.email}</div>}
                    {m.you && <Badge tone="info">You</Badge>}
                  </th>
                  <td>
                    <label className="sr-only" htmlFor={`role-${m.userId}`}>
                      Role of {who}
                    </label>
                    <select
                      id={`role-${m.userId}`}
                      value={m.role}
                      disabled={locked}
                      onChange={(e) => {
                        const role = e.target.value as MembershipRole;
                        void act(() => updateRole({ userId: m.userId, role }), `${who} is now ${ROLE_LABELS[role]}.`);
                      }}
                    >
                      {m.role === 'BRAND_VIEWER' && <option value="BRAND_VIEWER">{ROLE_LABELS.BRAND_VIEWER}</option>}
                      {MEMBER_ROLES.filter((r) => isOwner || r !== 'OWNER' || m.role === 'OWNER').map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABELS[r]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {m.role === 'BRAND_VIEWER' ? (
                      editing === m.userId ? (
                        <BrandAccessEditor member={m} brands={brands} act={act} onDone={() => setEditing(null)} />
                      ) : (
                        <span className="inline-form">
                          {m.brands.map((b) => b.name).join(', ')}
                          <button type="button" className="btn btn-small" onClick={() => setEditing(m.userId)} aria-label={`Edit brands of ${who}`}>
                            Edit brands
                          </button>
                        </span>
                      )
                    ) : (
                      <span className="muted">All brands</span>
                    )}
                  </td>
                  <td>{lastUsed(m.apiKeys)}</td>
                  <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    {confirming === m.userId ? (
                      <span className="inline-form" role="group" aria-label={`Confirm removing ${who}`} style={{ justifyContent: 'flex-end' }}>
                        <span>{m.you ? 'Leave the team?' : `Remove ${m.email}?`} Their keys stop working.</span>
                        <button
                          type="button"
                          className="btn btn-small btn-danger-solid"
                          autoFocus
                          onClick={() => {
                            setConfirming(null);
                            void act(() => remove({ userId: m.userId }), `${who} was removed; their keys no longer work.`);
                          }}
                        >
                          Remove
                        </button>
                        <button type="button" className="btn btn-small" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="btn btn-small btn-danger" disabled={locked} onClick={() => setConfirming(m.userId)} aria-label={m.you ? `Leave the team (${who})` : `Remove ${who}`}>
                        {m.you ? 'Leave' : 'Remove'}
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
  );
}

function BrandAccessEditor({ member, brands, act, onDone }: { member: Member; brands: Brand[]; act: Act; onDone(): void }) {
  const [, grant] = useMutation(GrantAccess);
  const [, revoke] = useMutation(RevokeAccess);
  const [chosen, setChosen] = useState(() => new Set(member.brands.map((b) => b.id)));
  const legend = useId();

  async function save(e: FormEvent) {
    e.preventDefault();
    const had = new Set(member.brands.map((b) => b.id));
    const added = [...chosen].filter((id) => !had.has(id));
    const removed = [...had].filter((id) => !chosen.has(id));
    // Grant first, so a viewer moved from one brand to another never has none in between.
    if (added.length) await act(() => grant({ userId: member.userId, brandIds: added }), `Brand access of ${member.email} updated.`);
    if (removed.length) await act(() => revoke({ userId: member.userId, brandIds: removed }), `Brand access of ${member.email} updated.`);
    onDone();
  }

  return (
    <form onSubmit={save}>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={legend}>
        <legend id={legend} className="sr-only">
          Brands {member.email} may read
        </legend>
        <BrandCheckboxes brands={brands} chosen={chosen} onChange={setChosen} labelStyle={{ display: 'block' }} />
      </fieldset>
      <span className="inline-form">
        <button type="submit" className="btn btn-small btn-primary" disabled={chosen.size === 0}>
          Save brands
        </button>
        <button type="button" className="btn btn-small" onClick={onDone}>
          Cancel
        </button>
      </span>
    </form>
  );
}

function InviteForm({ brands, viewerRole, onInvited }: { brands: Brand[]; viewerRole: string | null; onInvited(): void }) {
  const [state, invite] = useMutation(Invite);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TeamRole>('OPERATOR');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);
  const ids = { heading: useId(), email: useId(), role: useId(), error: useId() };
  const roles = INVITE_ROLES.filter((r) => r !== 'OWNER' || viewerRole === 'OWNER');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setLink(null);
    const result = await invite({ email, role, brandIds: role === 'BRAND_VIEWER' ? [...chosen] : null });
    const sent = result.data?.inviteMember;
    if (!sent) return;
    setLink({ url: sent.url, email: sent.invitation.email });
    setEmail('');
    setChosen(new Set());
    onInvited();
  }

  return (
    <section className="card" aria-labelledby={ids.heading}>
      <div className="section-head">
        <h2 id={ids.heading}>Invite someone</h2>
      </div>
      <form className="card-body" onSubmit={submit} style={{ display: 'flex', flexDirection: 'column', gap: 12 }} noValidate>
        <div className="inline-form">
          <label htmlFor={ids.email}>Email</label>
          <input
            id={ids.email}
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={state.error ? true : undefined}
            aria-describedby={state.error ? ids.error : undefined}
            style={{ flex: '1 1 240px' }}
          />
          <label htmlFor={ids.role}>Role</label>
          <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          <button type="submit" className="btn btn-primary" disabled={state.fetching}>
            {state.fetching ? 'Inviting…' : 'Create invitation'}
          </button>
        </div>
        {role === 'BRAND_VIEWER' && (
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend>Brands they may read</legend>
            <BrandCheckboxes brands={brands} chosen={chosen} onChange={setChosen} labelStyle={{ display: 'inline-block', marginRight: 12 }} />
          </fieldset>
        )}
        {state.error && (
          <p id={ids.error} className="field-error" role="alert">
            {errorMessage(state.error)}
          </p>
        )}
        {link && (
          <OneTimeSecret
            label={`Invitation link for ${link.email}`}
            value={link.url}
            hint="Send this link to them. It is shown only now, works once and expires in 7 days."
            testId="invitation-link"
          />
        )}
      </form>
    </section>
  );
}

type Invitation = { id: string; email: string; role: TeamRole; expiresAt: string; brands: Brand[] };

function InvitationsTable({ invitations, act }: { invitations: Invitation[]; act: Act }) {
  const [, revoke] = useMutation(RevokeInvitation);
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>Pending invitations</h2>
      </div>
      {invitations.length === 0 ? (
        <p className="card-body muted">No pending invitations.</p>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table className="table" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id} data-testid="invitation-row" data-email={i.email}>
                  <td>{i.email}</td>
                  <td>
                    {ROLE_LABELS[i.role]}
                    {i.brands.length > 0 && <span className="muted"> · {i.brands.map((b) => b.name).join(', ')}</span>}
                  </td>
                  <td>{formatDateTime(i.expiresAt)}</td>
                  <td style={{ textAlign: 'right' }}>
                    <button
                      type="button"
                      className="btn btn-small btn-danger"
                      onClick={() => act(() => revoke({ id: i.id }), `The invitation to ${i.email} was revoked: its link no longer works.`)}
                      aria-label={`Revoke the invitation to ${i.email}`}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
