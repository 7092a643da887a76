// Focus handling of a non-native modal (the side drawers): on open, focus moves into it; Tab and
// Shift+Tab cycle inside it; on close, focus returns to whatever opened it (a table row's button),
// so a keyboard user continues where they were. Escape is the drawer's own business (it closes).
import { useEffect, useState, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

function focusables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0 && !el.closest('[inert]'));
}

export function useFocusTrap(ref: RefObject<HTMLElement | null>): void {
  // Read while rendering, before the drawer takes focus (StrictMode runs effects twice).
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    if (!container.contains(document.activeElement)) (container.querySelector<HTMLElement>('[data-autofocus]') ?? container).focus();

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Tab') return;
      // A native modal <dialog> opened from inside the drawer traps focus itself.
      const target = e.target as HTMLElement | null;
      if (target?.closest('dialog[open]')) return;
      const items = focusables(container);
      if (items.length === 0) {
        e.preventDefault();
        container.focus();
        return;
      }
      const first = items[0];
      const last = items[items.length - 1];
      const active = document.activeElement;
      if (e.shiftKey && (active === first || active === container || !container.contains(active))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (active === last || !container.contains(active))) {
        e.preventDefault();
        first.focus();
      }
    };
    // On the document, so focus that escaped (a click on the backdrop) is brought back too.
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      if (opener?.isConnected) opener.focus();
    };
  }, [ref, opener]);
}
