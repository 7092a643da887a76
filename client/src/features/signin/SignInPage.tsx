import { useState, type FormEvent } from 'react';
import { verifyApiKey, type VerifyResult } from '../../app/session';

type Props = {
  onSignedIn(key: string): void;
  /** Injected in tests; the real one asks the API. */
  verify?: (key: string) => Promise<VerifyResult>;
  notice?: string | null;
};

export function SignInPage({ onSignedIn, verify = verifyApiKey, notice }: Props) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await verify(key);
    setBusy(false);
    if (result.ok) onSignedIn(key.trim());
    else setError(result.message);
  }

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} noValidate>
        <div className="brandmark" aria-hidden="true">
          <span className="brandmark-box" /> Packr
        </div>
        <h1>Sign in</h1>
        <p className="muted">Use an API key issued for your 3PL. It stays in this browser tab only.</p>
        {notice && !error && <p className="banner banner-info">{notice}</p>}
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'signin-error' : undefined}
          placeholder="pk_…"
          autoFocus
        />
        {error && (
          <p id="signin-error" role="alert" className="field-error">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
