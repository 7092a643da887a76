// /invite/<token>: the invitee has no key yet. They give their name; Packr creates their user and
// their first API key (acceptInvitation needs no key), shows the key once, and signs them in.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { OneTimeSecret } from './shared';

const ACCEPT = 'mutation AcceptInvitation($token: String!, $name: String!) { acceptInvitation(token: $token, name: $name) { key role threePLName } }';

type Accepted = { key: string; role: string; threePLName: string };

/** The token in an /invite/<token> path, or null for any other path. */
export function invitationToken(pathname: string): string | null {
  const match = /^\/invite\/([^/?#]+)\/?$/.exec(pathname);
  return match ? decodeURIComponent(match[1]) : null;
}

async function accept(token: string, name: string): Promise<Accepted | { problem: string }> {
  try {
    const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ACCEPT, variables: { token, name } }) });
    const body = (await res.json().catch(() => null)) as { data?: { acceptInvitation?: Accepted }; errors?: { message: string }[] } | null;
    if (body?.data?.acceptInvitation) return body.data.acceptInvitation;
    return { problem: body?.errors?.[0]?.message ?? `Packr answered ${res.status}; try again in a moment` };
  } catch {
    return { problem: 'Could not reach Packr. Check your connection and try again' };
  }
}

export function AcceptInvitationPage({ token, onSignIn }: { token: string; onSignIn(key: string): void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [accepted, setAccepted] = useState<Accepted | null>(null);
  const ids = { name: useId(), error: useId() };
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (accepted) heading.current?.focus();
  }, [accepted]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setProblem('Enter your name');
    setBusy(true);
    setProblem(null);
    const result = await accept(token, name);
    setBusy(false);
    if ('problem' in result) setProblem(result.problem);
    else setAccepted(result);
  }

  function continueToPackr() {
    window.history.replaceState(null, '', '/');
    onSignIn(accepted!.key);
  }

  return (
    <main className="signin">
      {accepted ? (
        <div className="signin-card">
          <div className="brandmark" aria-hidden="true">
            <span className="brandmark-box" /> Packr
          </div>
          <h1 ref={heading} tabIndex={-1}>
            Welcome to {accepted.threePLName}
          </h1>
          <p className="muted">This is your API key. It signs you in to the dashboard and works with the GraphQL API.</p>
          <OneTimeSecret label="Your API key" value={accepted.key} hint="Store it now (a password manager is a good place): it is shown only once." testId="first-api-key" />
          <button type="button" className="btn btn-primary btn-block" onClick={continueToPackr}>
            Continue to Packr
          </button>
        </div>
      ) : (
        <form className="signin-card" onSubmit={submit} noValidate>
          <div className="brandmark" aria-hidden="true">
            <span className="brandmark-box" /> Packr
          </div>
          <h1>Join your team</h1>
          <p className="muted">You were invited to Packr. Tell us your name to get your API key.</p>
          <label htmlFor={ids.name}>Your name</label>
          <input
            id={ids.name}
            type="text"
            autoComplete="name"
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? ids.error : undefined}
            autoFocus
          />
          {problem && (
            <p id={ids.error} role="alert" className="field-error">
              {problem}
            </p>
          )}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? 'Joining…' : 'Accept invitation'}
          </button>
        </form>
      )}
    </main>
  );
}
