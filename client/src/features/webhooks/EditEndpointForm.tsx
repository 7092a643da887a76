// An endpoint's "Edit" (OWNER and ADMIN): the same fields as "Add an endpoint", filled with its
// current values; saving sends only what changed (updateWebhookEndpoint). The secret is untouched
// (Rotate secret does that).
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { EndpointFieldsFragment } from '../../gql/graphql';
import { errorMessage } from '../../app/ui';
import { draftUrlProblem, EndpointFormFields, endpointFieldErrors, type EndpointDraft } from './EndpointFormFields';

const EditEndpoint = graphql(`
  mutation EditWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      ...EndpointFields
    }
  }
`);

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v) => b.includes(v));

export function EditEndpointForm({ endpoint, eventTypes, onDone }: {
  endpoint: EndpointFieldsFragment;
  eventTypes: { type: string; description: string }[];
  /** Called with a sentence for the page's status line when saved, or null when cancelled. */
  onDone(notice: string | null): void;
}) {
  const initial: EndpointDraft = { url: endpoint.url, description: endpoint.description, eventTypes: [...endpoint.eventTypes], brandIds: endpoint.brands.map((b) => b.id) };
  const [draft, setDraft] = useState<EndpointDraft>(initial);
  const [state, save] = useMutation(EditEndpoint);
  const [localError, setLocalError] = useState<string | null>(null);
  const ids = { url: useId(), heading: useId() };
  const fields = endpointFieldErrors(state.error);
  const general = state.error && Object.keys(fields).length === 0 ? errorMessage(state.error) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = draftUrlProblem(draft);
    setLocalError(problem);
    if (problem) {
      document.getElementById(ids.url)?.focus();
      return;
    }
    const input = {
      id: endpoint.id,
      ...(draft.url.trim() !== initial.url ? { url: draft.url.trim() } : {}),
      ...(draft.description.trim() !== initial.description ? { description: draft.description.trim() } : {}),
      ...(!sameSet(draft.eventTypes, initial.eventTypes) ? { eventTypes: draft.eventTypes } : {}),
      ...(!sameSet(draft.brandIds, initial.brandIds) ? { brandIds: draft.brandIds } : {}),
    };
    if (Object.keys(input).length === 1) return onDone(null);
    const result = await save({ input });
    if (result.data) onDone(`${result.data.updateWebhookEndpoint.url} saved.`);
    else document.getElementById(ids.url)?.focus();
  }

  return (
    <form className="endpoint-form" onSubmit={submit} noValidate aria-labelledby={ids.heading} style={{ marginTop: 12 }}>
      <h4 id={ids.heading}>Edit {endpoint.url}</h4>
      <EndpointFormFields draft={draft} onChange={setDraft} errors={{ ...fields, url: localError ?? fields.url }} eventTypes={eventTypes} urlFieldId={ids.url} />
      <div className="inline-form">
        <button type="submit" className="btn btn-small btn-primary" disabled={state.fetching}>
          {state.fetching ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="btn btn-small" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
      {general && (
        <p className="banner banner-bad" role="alert">
          {general}
        </p>
      )}
    </form>
  );
}
