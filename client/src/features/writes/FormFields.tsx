// The pieces every write form is built from: labelled inputs whose error is tied to them
// (aria-invalid, aria-describedby), the summary of what went wrong (including the WMS's own words,
// shown as text), and the effect that moves focus to the first problem after a refused submit.
import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode, type RefObject } from 'react';
import { fieldId, type SortedErrors } from './field-errors';
import type { WriteOutcome } from './useWrite';

/** A prefix for a form's element ids: unique per form instance, safe in ids and URLs. */
export function useFormId(name: string): string {
  return `${name}-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
}

type FieldProps = {
  /** The form's id prefix (see fieldId). */
  form: string;
  path: string;
  label: string;
  /** Read before the label by screen readers only, e.g. "Line 2" before "Quantity". */
  labelPrefix?: string;
  errors: SortedErrors;
  hint?: string;
  optional?: boolean;
  children?: never;
};

function described(id: string, hint: string | undefined, error: string | undefined) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function FieldFrame({ id, label, labelPrefix, optional, hint, error, children, className }: { id: string; label: string; labelPrefix?: string; optional?: boolean; hint?: string; error?: string; children: ReactNode; className?: string }) {
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {labelPrefix && <span className="sr-only">{labelPrefix} </span>}
        {label}
        {optional && <span className="field-optional"> (optional)</span>}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({
  form, path, label, labelPrefix, errors, hint, optional, className, ...input
}: FieldProps & { className?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'form' | 'children'>) {
  const id = fieldId(form, path);
  const error = errors.byField.get(path);
  return (
    <FieldFrame id={id} label={label} labelPrefix={labelPrefix} optional={optional} hint={hint} error={error} className={className}>
      <input
        id={id}
        name={path}
        type="text"
        aria-required={optional ? undefined : true}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, hint, error)}
        {...input}
      />
    </FieldFrame>
  );
}

export function SelectField({
  form, path, label, labelPrefix, errors, hint, optional, value, onChange, options, placeholder, className,
}: FieldProps & { className?: string; value: string; onChange(value: string): void; options: readonly { value: string; label: string }[]; placeholder?: string }) {
  const id = fieldId(form, path);
  const error = errors.byField.get(path);
  return (
    <FieldFrame id={id} label={label} labelPrefix={labelPrefix} optional={optional} hint={hint} error={error} className={className}>
      <select
        id={id}
        name={path}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-required={optional ? undefined : true}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, hint, error)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/**
 * What went wrong with the last attempt, above the submit button: the whole-write errors verbatim
 * (Packr's, Trackstar's or the WMS's message, as text) and links to the fields with errors.
 */
export function ErrorSummary({ form, errors, outcome, summaryRef, actions }: {
  form: string;
  errors: SortedErrors;
  outcome: WriteOutcome<unknown>;
  summaryRef: RefObject<HTMLDivElement | null>;
  actions?: ReactNode;
}) {
  if (outcome.status !== 'refused' && outcome.status !== 'failed') return null;
  const unavailable = outcome.status === 'failed' || errors.general.some((e) => e.code === 'UNAVAILABLE');
  return (
    <div ref={summaryRef} className="write-errors" role="alert" tabIndex={-1} data-testid="write-errors">
      <strong>{outcome.status === 'failed' ? 'No answer from Packr.' : 'Not done.'}</strong>
      <ul>
        {outcome.status === 'failed' && <li>{outcome.message}</li>}
        {errors.general.map((e, i) => (
          <li key={i} data-code={e.code}>
            {e.message}
          </li>
        ))}
        {errors.fieldsInOrder.map(({ path, label }) => (
          <li key={path}>
            <a
              href={`#${fieldId(form, path)}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(fieldId(form, path))?.focus();
              }}
            >
              {label}: {errors.byField.get(path)}
            </a>
          </li>
        ))}
      </ul>
      {unavailable && <p className="small">It may or may not have happened. Sending again is safe: it goes under the same idempotency key, so the WMS acts at most once.</p>}
      {actions}
    </div>
  );
}

/** After a refused attempt, focus goes to the first field with an error, or to the summary. */
export function useFocusFirstError(outcome: WriteOutcome<unknown>, errors: SortedErrors, form: string, summaryRef: RefObject<HTMLDivElement | null>) {
  const handled = useRef<WriteOutcome<unknown> | null>(null);
  useEffect(() => {
    if (outcome === handled.current) return;
    handled.current = outcome;
    if (outcome.status !== 'refused' && outcome.status !== 'failed') return;
    const first = errors.fieldsInOrder[0];
    const target = first ? document.getElementById(fieldId(form, first.path)) : summaryRef.current;
    target?.focus();
  }, [outcome, errors, form, summaryRef]);
}

/** What was done, with a way to the record; takes focus when it appears so it is announced. */
export function WriteSuccess({ children, actions, testId }: { children: ReactNode; actions?: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} className="write-success" role="status" tabIndex={-1} data-testid={testId}>
      <div>{children}</div>
      {actions && <div className="write-actions">{actions}</div>}
    </div>
  );
}

/** A dialog's success whose one way on is closing it (the record updates live behind the dialog). */
export function WriteDone({ closeLabel, onClose, children }: { closeLabel: string; onClose(): void; children: ReactNode }) {
  return (
    <WriteSuccess
      testId="write-success"
      actions={
        <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
          {closeLabel}
        </button>
      }
    >
      {children}
    </WriteSuccess>
  );
}

/** The submit button: busy while the write is in flight, "Try again" when its outcome is in doubt. */
export function SubmitButton({ busy, label, busyLabel, retry, danger }: { busy: boolean; label: string; busyLabel: string; retry?: boolean; danger?: boolean }) {
  return (
    <button type="submit" className={`btn ${danger ? 'btn-danger-solid' : 'btn-primary'}`} disabled={busy} aria-disabled={busy || undefined}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {busy ? busyLabel : retry ? 'Try again' : label}
    </button>
  );
}
