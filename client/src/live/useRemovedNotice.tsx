// Rows that leave a live list because their record was deleted in the WMS (a deletion reconcile):
// the row goes at once, and a polite status line says which one and why, so a row vanishing under
// someone's eyes is explained (and announced to screen readers).
import { useCallback, useState, type ReactElement } from 'react';

export function useRemovedNotice(): { announce(label: string): void; notice: ReactElement } {
  const [removed, setRemoved] = useState<string[]>([]);
  const announce = useCallback((label: string) => setRemoved((list) => [...list.slice(-2), label]), []);
  const text =
    removed.length === 0 ? '' : removed.length === 1 ? `${removed[0]} was deleted in the WMS and left the list.` : `${removed.join(', ')} were deleted in the WMS and left the list.`;
  return {
    announce,
    notice: (
      <p role="status" aria-live="polite" className="muted small removed-notice" data-testid="removed-notice">
        {text}
      </p>
    ),
  };
}
