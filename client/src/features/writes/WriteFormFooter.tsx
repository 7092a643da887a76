// The end of every write form: what went wrong with the last attempt (and, when the key was already
// used for other values, the offer to send them as a new write), the close and submit buttons, and
// the idempotency key the next attempt goes out under.
import type { RefObject } from 'react';
import type { SortedErrors } from './field-errors';
import { ErrorSummary, SubmitButton } from './FormFields';
import { inDoubt, keyReused, type WriteOutcome } from './useWrite';

/** The parts of useWrite's state the footer shows or acts on. */
type FooterWrite = { key: string; outcome: WriteOutcome<unknown>; busy: boolean; startOver(): void };

export function WriteFormFooter({
  form, errors, summaryRef, write, busy = write.busy, onClose, closeLabel = 'Cancel', focusClose, submitLabel, busyLabel, danger, startOverLabel,
}: {
  /** The form's id prefix (see useFormId). */
  form: string;
  errors: SortedErrors;
  summaryRef: RefObject<HTMLDivElement | null>;
  write: FooterWrite;
  /** Busy beyond the write itself (e.g. while a look-up runs); the write's own busy state by default. */
  busy?: boolean;
  onClose(): void;
  closeLabel?: string;
  /** The close button takes the dialog's first focus (for a confirmation, the safe choice). */
  focusClose?: boolean;
  submitLabel: string;
  busyLabel: string;
  danger?: boolean;
  /** Offered after IDEMPOTENCY_KEY_REUSED, e.g. "Send as a new order"; without it nothing is offered. */
  startOverLabel?: string;
}) {
  return (
    <>
      <ErrorSummary
        form={form}
        errors={errors}
        outcome={write.outcome}
        summaryRef={summaryRef}
        actions={
          startOverLabel !== undefined &&
          keyReused(write.outcome) && (
            <div>
              <button type="button" className="btn btn-small" onClick={write.startOver}>
                {startOverLabel}
              </button>
            </div>
          )
        }
      />
      <div className="write-actions">
        <button type="button" className="btn" onClick={onClose} disabled={busy} data-autofocus={focusClose || undefined}>
          {closeLabel}
        </button>
        <SubmitButton busy={busy} label={submitLabel} busyLabel={busyLabel} retry={inDoubt(write.outcome)} danger={danger} />
      </div>
      <p className="write-key" data-testid="idempotency-key">
        Idempotency key {write.key}
      </p>
    </>
  );
}
