// "Connect WMS via Trackstar": createTrackstarLinkToken → Link modal → onSuccess(authCode) →
// connectTrackstar. Real Trackstar uses the official React component; on the sandbox the same
// flow runs through the sandbox's Link script (appConfig tells which).
import { lazy, Suspense, useCallback, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorMessage } from '../../app/ui';
import { loadLinkScript } from './link-script';

const CreateLinkToken = graphql(`
  mutation CreateTrackstarLinkToken($brandId: ID!) {
    createTrackstarLinkToken(brandId: $brandId) {
      linkToken
    }
  }
`);

const ConnectTrackstar = graphql(`
  mutation ConnectTrackstar($brandId: ID!, $authCode: String!) {
    connectTrackstar(brandId: $brandId, authCode: $authCode) {
      id
      status
      integrationName
    }
  }
`);

// The 3PL's Link filter: Link offers only integrations implementing all of these functions.
const LinkFilter = graphql(`
  query ConnectLinkFilter {
    integrationFilter {
      integrationsWithEndpoints
    }
  }
`);

// Loaded only on real Trackstar installs; the sandbox path never needs it.
const TrackstarConnectButton = lazy(() => import('@trackstar/react-trackstar-link').then((m) => ({ default: m.TrackstarConnectButton })));

type Props = {
  brandId: string;
  sandbox: boolean;
  scriptUrl: string | null;
  label?: string;
  onConnected(): void;
};

export function ConnectButton({ brandId, sandbox, scriptUrl, label = 'Connect WMS via Trackstar', onConnected }: Props) {
  const client = useClient();
  const [, connect] = useMutation(ConnectTrackstar);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [filter] = useQuery({ query: LinkFilter });
  const required = filter.data?.integrationFilter.integrationsWithEndpoints;
  // Link must not open unfiltered: until the filter is known, the button waits (or says why not).
  const filterError = filter.error ? `Could not load the 3PL's WMS requirements: ${errorMessage(filter.error)}` : null;

  const getLinkToken = useCallback(async () => {
    const result = await client.mutation(CreateLinkToken, { brandId }).toPromise();
    if (result.error || !result.data) {
      const message = result.error ? errorMessage(result.error) : 'No link token';
      setError(`Could not start Trackstar Link: ${message}`);
      setBusy(false);
      throw new Error(message);
    }
    return result.data.createTrackstarLinkToken.linkToken;
  }, [client, brandId]);

  const onSuccess = useCallback(
    async (authCode: string, _integrationName: string, close?: () => void) => {
      setBusy(true);
      const result = await connect({ brandId, authCode });
      setBusy(false);
      close?.();
      if (result.error) setError(`Connecting failed: ${errorMessage(result.error)}`);
      else {
        setError(null);
        onConnected();
      }
    },
    [connect, brandId, onConnected],
  );

  async function openSandboxLink() {
    if (!scriptUrl) return setError('The sandbox Link script URL is not configured on the server.');
    setError(null);
    setBusy(true);
    try {
      const link = await loadLinkScript(scriptUrl);
      link.init({ getLinkToken, onSuccess, onClose: () => setBusy(false), sandbox: true, integrationsWithEndpoints: [...(required ?? [])] });
      link.open({});
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="connect">
      {sandbox ? (
        <button type="button" className="btn btn-primary" onClick={openSandboxLink} disabled={busy || !required}>
          {busy ? 'Connecting…' : label}
        </button>
      ) : !required ? (
        <button className="btn btn-primary" disabled>{label}</button>
      ) : (
        <Suspense fallback={<button className="btn btn-primary" disabled>{label}</button>}>
          <TrackstarConnectButton
            className="btn btn-primary"
            getLinkToken={getLinkToken}
            onSuccess={(code, name) => void onSuccess(code, name)}
            // The package's union of names lags Trackstar's (no get_warehouse_locations, get_inbound_shipments).
            integrationsWithEndpoints={[...required] as never}
          >
            {label}
          </TrackstarConnectButton>
        </Suspense>
      )}
      {filterError && (
        <p className="field-error" role="alert">
          {filterError}
        </p>
      )}
      {sandbox && <p className="muted small">Packr is running on the Trackstar sandbox: the Link modal lists simulated WMSs.</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
