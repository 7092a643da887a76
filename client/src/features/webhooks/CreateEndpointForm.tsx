// "Add an endpoint" (OWNER and ADMIN): URL, description, which event types and which brands (none
// ticked: all; EndpointFormFields). The answer carries the signing secret, shown once with a copy button.
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { errorMessage } from '../../app/ui';
import { OneTimeSecret } from '../team/shared';
import { draftUrlProblem, EMPTY_DRAFT, EndpointFormFields, endpointFieldErrors, type EndpointDraft } from './EndpointFormFields';

const CreateEndpoint = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        ...EndpointFields
      }
    }
  }
`);

export function CreateEndpointForm({ eventTypes, onCreated }: { eventTypes: { type: string; description: string }[]; onCreated(): void }) {
  const [state, create] = useMutation(CreateEndpoint);
  const [draft, setDraft] = useState<EndpointDraft>(EMPTY_DRAFT);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const ids = { heading: useId(), url: useId(), general: useId() };
  const fields = endpointFieldErrors(state.error);
  const general = state.error && Object.keys(fields).length === 0 ? errorMessage(state.error) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    const problem = draftUrlProblem(draft);
    setLocalError(problem);
    if (problem) {
      document.getElementById(ids.url)?.focus();
      return;
    }
    const result = await create({ input: { url: draft.url.trim(), description: draft.description.trim() || null, eventTypes: draft.eventTypes, brandIds: draft.brandIds } });
    const issued = result.data?.createWebhookEndpoint;
    if (!issued) {
      document.getElementById(ids.url)?.focus();
      return;
    }
    setCreated({ url: issued.endpoint.url, secret: issued.secret });
    setDraft(EMPTY_DRAFT);
    onCreated();
  }

  return (
    <section className="card" aria-labelledby={ids.heading}>
      <div className="section-head">
        <h2 id={ids.heading}>Add an endpoint</h2>
      </div>
      <form className="card-body endpoint-form" onSubmit={submit} noValidate>
        <EndpointFormFields draft={draft} onChange={setDraft} errors={{ ...fields, url: localError ?? fields.url }} eventTypes={eventTypes} urlFieldId={ids.url} />
        <div className="inline-form">
          <button type="submit" className="btn btn-primary" disabled={state.fetching}>
            {state.fetching ? 'Adding…' : 'Add endpoint'}
          </button>
        </div>
        {general && (
          <p id={ids.general} className="banner banner-bad" role="alert">
            {general}
          </p>
        )}
        {created && (
          <OneTimeSecret
            label={`Signing secret for ${created.url}`}
            value={created.secret}
            hint="Copy it into your receiver now: Packr shows it only this once. Verify each request's svix-signature header with it (any Svix or Standard Webhooks library does)."
            testId="new-endpoint-secret"
          />
        )}
      </form>
    </section>
  );
}
