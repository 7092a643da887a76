// Rename, archive and restore on the brand page, for OWNER and ADMIN. Archiving disconnects the brand
// from Trackstar and hides it from lists; its data stays ("Show archived brands" on Brands finds it
// again, and Restore lists it again; it then reconnects like a new brand).
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { errorMessage } from '../../app/ui';
import { useTeamViewer } from './shared';

const UpdateBrand = graphql(`
  mutation UpdateBrand($brandId: ID!, $name: String!) {
    updateBrand(brandId: $brandId, name: $name) {
      id
      name
    }
  }
`);

const ArchiveBrand = graphql(`
  mutation ArchiveBrand($brandId: ID!) {
    archiveBrand(brandId: $brandId) {
      id
      archivedAt
    }
  }
`);

const RestoreBrand = graphql(`
  mutation RestoreBrand($brandId: ID!) {
    restoreBrand(brandId: $brandId) {
      id
      archivedAt
    }
  }
`);

export function BrandSettings({ brandId, name, archivedAt, onChanged }: { brandId: string; name: string; archivedAt?: string | null; onChanged(): void }) {
  const { manager } = useTeamViewer();
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [draft, setDraft] = useState(name);
  const [renameState, rename] = useMutation(UpdateBrand);
  const [archiveState, archive] = useMutation(ArchiveBrand);
  const [restoreState, restore] = useMutation(RestoreBrand);
  const [notice, setNotice] = useState('');
  const ids = { name: useId(), error: useId() };
  if (!manager) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const result = await rename({ brandId, name: draft });
    if (!result.error) {
      setRenaming(false);
      setNotice('Brand renamed.');
      onChanged();
    }
  }

  async function doArchive() {
    setConfirming(false);
    const result = await archive({ brandId });
    if (!result.error) {
      setNotice('Brand archived: disconnected from Trackstar and hidden from lists. Its data stays.');
      onChanged();
    }
  }

  async function doRestore() {
    const result = await restore({ brandId });
    if (!result.error) {
      setNotice('Brand restored: listed again. Connect it to Trackstar to resume syncing.');
      onChanged();
    }
  }

  const failure = renameState.error ?? archiveState.error ?? restoreState.error;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 6, alignItems: 'flex-end' }}>
      {renaming ? (
        <form className="inline-form" onSubmit={submit}>
          <label htmlFor={ids.name}>Brand name</label>
          <input id={ids.name} value={draft} maxLength={120} onChange={(e) => setDraft(e.target.value)} autoFocus aria-describedby={failure ? ids.error : undefined} />
          <button type="submit" className="btn btn-small btn-primary" disabled={renameState.fetching}>
            Save
          </button>
          <button type="button" className="btn btn-small" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : confirming ? (
        <span className="inline-form" role="group" aria-label="Confirm archiving this brand">
          <span>Archive {name}? It is disconnected from Trackstar and hidden; its data stays.</span>
          <button type="button" className="btn btn-small btn-danger-solid" onClick={doArchive} autoFocus disabled={archiveState.fetching}>
            Archive
          </button>
          <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <span className="inline-form">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setDraft(name);
              setRenaming(true);
            }}
          >
            Rename
          </button>
          {archivedAt ? (
            <button type="button" className="btn btn-small" onClick={doRestore} disabled={restoreState.fetching}>
              Restore
            </button>
          ) : (
            <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirming(true)}>
              Archive
            </button>
          )}
        </span>
      )}
      <span role="status" aria-live="polite" className="muted">
        {notice}
      </span>
      {failure && (
        <p id={ids.error} className="field-error" role="alert">
          {errorMessage(failure)}
        </p>
      )}
    </div>
  );
}
