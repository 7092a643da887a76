// A toolbar button for a write: absent for brand viewers (they only read), and, when the brand's
// connection cannot do the action, still reachable by keyboard but inert, with the reason (naming
// the WMS) shown beside it and tied to it with aria-describedby.
import { useId } from 'react';
import type { WriteAction } from './access';
import type { WriteAccess } from './useWriteAccess';

export function WriteActionButton({ access, action, label, onClick, primary, testId }: { access: WriteAccess; action: WriteAction; label: string; onClick(): void; primary?: boolean; testId?: string }) {
  const noteId = useId();
  if (!access.member) return null;
  const reason = access.reason(action);
  return (
    <span className="inline-form">
      <button
        type="button"
        className={`btn btn-small${primary && !reason ? ' btn-primary' : ''}`}
        aria-disabled={reason ? true : undefined}
        aria-describedby={reason ? noteId : undefined}
        onClick={() => !reason && onClick()}
        data-testid={testId}
      >
        {label}
      </button>
      {reason && (
        <span id={noteId} className="muted small" data-testid="write-unavailable">
          {reason}
        </span>
      )}
    </span>
  );
}
