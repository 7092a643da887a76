// The fields of an endpoint, shared by "Add an endpoint" and an endpoint's "Edit": URL, description,
// event types and brands (none ticked: all), each with the server's refusal beside it.
import { useId } from 'react';
import type { CombinedError } from 'urql';
import { fieldErrorsOf } from '../../app/ui';
import { useBrandOptions } from '../operations/BrandFilter';
import { CheckboxList } from './CheckboxList';

export type EndpointDraft = { url: string; description: string; eventTypes: string[]; brandIds: string[] };

export const EMPTY_DRAFT: EndpointDraft = { url: '', description: '', eventTypes: [], brandIds: [] };

/** The server's refusals by form field: "input.url" and "url" both land on url; anything else is about the form as a whole. */
export const endpointFieldErrors = (error: CombinedError | undefined) => fieldErrorsOf(error, (field) => field.replace(/^input\./, '').split('.')[0]);

/** A client-side check before sending: the API has the last word (https in production, no credentials...). */
export function draftUrlProblem(draft: EndpointDraft): string | null {
  return /^https?:\/\/\S+$/i.test(draft.url.trim()) ? null : 'Enter the full address, starting with https:// (or http:// for a local receiver).';
}

export function EndpointFormFields({ draft, onChange, errors, eventTypes, urlFieldId }: {
  draft: EndpointDraft;
  onChange(next: EndpointDraft): void;
  /** Messages by field: url, description, eventTypes, brandIds. */
  errors: Record<string, string | undefined>;
  eventTypes: { type: string; description: string }[];
  /** The URL input's id, so the form can move focus to it after a refusal. */
  urlFieldId: string;
}) {
  const brands = useBrandOptions();
  const ids = { urlError: useId(), description: useId(), descriptionError: useId() };
  const set = (patch: Partial<EndpointDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <div className="settings-field">
        <label htmlFor={urlFieldId}>Endpoint URL</label>
        <input
          id={urlFieldId}
          type="text"
          inputMode="url"
          spellCheck={false}
          required
          value={draft.url}
          onChange={(e) => set({ url: e.target.value })}
          placeholder="https://example.com/webhooks/packr"
          aria-invalid={errors.url ? true : undefined}
          aria-describedby={errors.url ? ids.urlError : undefined}
        />
        {errors.url && (
          <p id={ids.urlError} className="field-error">
            {errors.url}
          </p>
        )}
      </div>
      <div className="settings-field">
        <label htmlFor={ids.description}>Description (optional)</label>
        <input
          id={ids.description}
          type="text"
          maxLength={500}
          value={draft.description}
          onChange={(e) => set({ description: e.target.value })}
          placeholder="e.g. ERP order feed"
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? ids.descriptionError : undefined}
        />
        {errors.description && (
          <p id={ids.descriptionError} className="field-error">
            {errors.description}
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
            chosen={draft.eventTypes}
            onChange={(eventTypes) => set({ eventTypes })}
          />
          {errors.eventTypes && <p className="field-error">{errors.eventTypes}</p>}
        </div>
        <div>
          <CheckboxList legend="Brands" hint="None ticked: every brand, including new ones." options={brands.map((b) => ({ value: b.id, label: b.name }))} chosen={draft.brandIds} onChange={(brandIds) => set({ brandIds })} />
          {errors.brandIds && <p className="field-error">{errors.brandIds}</p>}
        </div>
      </div>
    </>
  );
}
