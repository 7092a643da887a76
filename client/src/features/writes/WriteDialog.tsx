// The modal every write form opens in: a native <dialog> shown with showModal(), so the page behind
// is inert (focus stays inside) and Escape asks to close. Rendered only while open: mounting opens
// it, focuses the element marked data-autofocus, and unmounting returns focus to whatever opened it.
// While a write is in flight Escape does nothing: the answer is what the person is waiting for.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './writes.css';

type Props = {
  title: string;
  /** Shown under the title (e.g. the WMS written to). */
  subtitle?: ReactNode;
  busy?: boolean;
  wide?: boolean;
  onClose(): void;
  children: ReactNode;
  testId?: string;
};

export function WriteDialog({ title, subtitle, busy = false, wide = false, onClose, children, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // Read while rendering, before the dialog takes focus (StrictMode's second effect run would see the dialog's own input).
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    (dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>('input, select, textarea, button'))?.focus();
    // The browser may close the dialog on its own (a second Escape while busy): follow it.
    const onNativeClose = () => closeRef.current();
    dialog.addEventListener('close', onNativeClose);
    return () => {
      dialog.removeEventListener('close', onNativeClose);
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);

  return (
    <dialog
      ref={ref}
      className={`dialog write-dialog${wide ? ' write-dialog-wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        // React decides when the dialog goes (it unmounts it), never the browser.
        e.preventDefault();
        if (!busyRef.current) onClose();
      }}
      onKeyDown={(e: KeyboardEvent) => {
        // Keep Escape from reaching the page's own listeners (the order drawer closes on it).
        if (e.key === 'Escape') e.stopPropagation();
      }}
    >
      <div className="write-dialog-head">
        <div>
          <h2 id={titleId}>{title}</h2>
          {subtitle && <p className="muted small">{subtitle}</p>}
        </div>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose} disabled={busy} aria-label={`Close ${title}`}>
          ✕
        </button>
      </div>
      <div className="write-dialog-body">{children}</div>
    </dialog>
  );
}
