// Session → urql client → routed screens. Signing out drops the client (and its socket).
import { useCallback, useEffect, useState } from 'react';
import { Provider } from 'urql';
import { createPackrClient, type PackrClient } from '../urql';
import { createLiveStatusStore, type LiveStatusStore } from '../live/connection-state';
import { endSession, readSignOutNotice, readStoredKey, startSession } from './session';
import { RouterProvider } from './router';
import { Shell } from './Shell';
import { SignInPage } from '../features/signin/SignInPage';
import { AcceptInvitationPage, invitationToken } from '../features/team/AcceptInvitationPage';

type Session = { live: LiveStatusStore; client: PackrClient };

export function App() {
  const [apiKey, setApiKey] = useState<string | null>(() => readStoredKey());
  const [notice, setNotice] = useState<string | null>(() => (readStoredKey() ? null : readSignOutNotice()));

  const signOut = useCallback((reason: string | null = null) => {
    endSession(reason);
    setNotice(reason);
    setApiKey(null);
  }, []);

  // Built in an effect (not useMemo) so StrictMode's double run disposes the extra socket.
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => {
    if (!apiKey) return setSession(null);
    const live = createLiveStatusStore();
    const client = createPackrClient({ apiKey, live, onUnauthorized: () => signOut('Your API key is no longer valid. Sign in again.') });
    setSession({ live, client });
    return () => client.dispose();
  }, [apiKey, signOut]);

  // An invitation link works signed in or not: accepting it signs in as the new member.
  const invitation = invitationToken(window.location.pathname);
  if (invitation) {
    return (
      <AcceptInvitationPage
        token={invitation}
        onSignIn={(key) => {
          startSession(key);
          setNotice(null);
          setApiKey(key);
        }}
      />
    );
  }
  if (!apiKey) {
    return (
      <SignInPage
        notice={notice}
        onSignedIn={(key) => {
          startSession(key);
          setNotice(null);
          setApiKey(key);
        }}
      />
    );
  }
  if (!session) return null;
  return (
    <Provider value={session.client.urql}>
      <RouterProvider>
        <Shell live={session.live} onSignOut={() => signOut(null)} />
      </RouterProvider>
    </Provider>
  );
}
