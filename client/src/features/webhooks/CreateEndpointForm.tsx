// "Add an endpoint" (OWNER and ADMIN): URL, description, which event types and which brands (none
// ticked: all). The answer carries the signing secret, shown once with a copy button.
import { useId, useState, type FormEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../../gql';
import { errorMessage } from '../../app/ui';
import { useBrandOptions } from '../operations/BrandFilter';
import { OneTimeSecret } from '../team/shared';
import { CheckboxList } from './CheckboxList';

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

/**
 * The server's refusal, by input field: extensions.fields when it sends them, otherwise the field
 * its one message is about (the endpoint service names it: "URL must be https", "Unknown event
 * type ...", "Unknown brand ..."). Anything else stays a message about the form as a whole.
 */
function fieldErrorsOf(error: CombinedError | undefined): Record<string, string> {
  const first = error?.graphQLErrors[0];
  if (!first) return {};
  const fields = first.extensions?.fields;
  if (Array.isArray(fields)) return Object.fromEntries(fields.map((f: { field: string; message: string }) => [f.field.replace(/^input\./, '').split('.')[0], f.message]));
  if (first.extensions?.code !== 'BAD_USER_INPUT') return {};
  const message = first.message;
  if (/\bURL\b/i.test(message)) return { url: message };
  if (/^Description/i.test(message)) return { description: message };
  if (/event type/i.test(message)) return { eventTypes: message };
  if (/brand/i.test(message)) return { brandIds: message };
  return {};
}

export function CreateEndpointForm({ eventTypes, onCreated }: { eventTypes: { type: string; description: string }[]; onCreated(): void }) {
  const brands = useBrandOptions();
  const [state, create] = useMutation(CreateEndpoint);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [brandIds, setBrandIds] = useState<string[]>([]);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const ids = { heading: useId(), url: useId(), urlError: useId(), description: useId(), descriptionError: useId(), general: useId() };
  const fields = fieldErrorsOf(state.error);
  const urlError = localError ?? fields.url;
  const general = state.error && Object.keys(fields).length === 0 ? errorMessage(state.error) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    if (!/^https?:\/\/\S+$/i.test(url.trim())) {
      setLocalError('Enter the full address, starting with https:// (or http:// for a local receiver).');
      document.getElementById(ids.url)?.focus();
      return;
    }
    setLocalError(null);
    const result = await create({ input: { url: url.trim(), description: description.trim() || null, eventTypes: types, brandIds } });
    const issued = result.data?.createWebhookEndpoint;
    if (!issued) {
      document.getElementById(ids.url)?.focus();
      return;
    }
    setCreated({ url: issued.endpoint.url, secret: issued.secret });
    setUrl('');
    setDescription('');
    setTypes([]);
    setBrandIds([]);
    onCreated();
  }

  return (
    <section className="card" aria-labelledby={ids.heading}>
      <div className="section-head">
        <h2 id={ids.heading}>Add an endpoint</h2>
      </div>
      <form className="card-body endpoint-form" onSubmit={submit} noValidate>
        <div className="settings-field">
          <label htmlFor={ids.url}>Endpoint URL</label>
          <input
            id={ids.url}
            type="text"
            inputMode="url"
            spellCheck={false}
            required
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://example.com/webhooks/packr"
            aria-invalid={urlError ? true : undefined}
            aria-describedby={urlError ? ids.urlError : undefined}
          />
          {urlError && (
            <p id={ids.urlError} className="field-error">
              {urlError}
            </p>
          )}
        </div>
        <div className="settings-field">
          <label htmlFor={ids.description}>Description (optional)</label>
          <input
            id={ids.description}
            type="text"
            maxLength={500}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="e.g. ERP order feed"
            aria-invalid={fields.description ? true : undefined}
            aria-describedby={fields.description ? ids.descriptionError : undefined}
          />
          {fields.description && (
            <p id={ids.descriptionError} className="field-error">
              {fields.description}
            </p>
          )}
        </div>
        <div className="endpoint-choices">
          <div>
            <CheckboxList
              legend="Event types"
              hint="None ticked: every event type, including ones added later."
              // The test event goes only where sendTestWebhookEvent sends it: nobody subscribes to it.
              options={eventTypes.filter((t) => t.type !== 'endpoint.test').map((t) => ({ value: t.type, label: t.type, description: t.description }))}
              chosen={types}
              onChange={setTypes}
            />
            {fields.eventTypes && <p className="field-error">{fields.eventTypes}</p>}
          </div>
          <div>
            <CheckboxList legend="Brands" hint="None ticked: every brand, including new ones." options={brands.map((b) => ({ value: b.id, label: b.name }))} chosen={brandIds} onChange={setBrandIds} />
            {fields.brandIds && <p className="field-error">{fields.brandIds}</p>}
          </div>
        </div>
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
