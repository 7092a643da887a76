// Pieces the team screens share: the caller's role, the one-time secret box (a link or a key shown
// once, with a copy button) and the role names.
import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { TeamRole } from '../../gql/graphql';

const TeamViewer = graphql(`
  query TeamViewer {
    viewer {
      userId
      role
    }
  }
`);

/** The caller's user id and whether they manage the team (OWNER or ADMIN). */
export function useTeamViewer() {
  const [{ data, fetching }] = useQuery({ query: TeamViewer });
  const role = data?.viewer.role ?? null;
  return { userId: data?.viewer.userId ?? null, role, manager: role === 'OWNER' || role === 'ADMIN', fetching };
}

export const ROLE_LABELS: Record<TeamRole, string> = { OWNER: 'Owner', ADMIN: 'Admin', OPERATOR: 'Operator', BRAND_VIEWER: 'Brand viewer' };

/** Clipboard API where allowed; otherwise the selected text with the legacy copy command. */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.select();
    return document.execCommand('copy');
  }
}

/** A secret shown once: read-only field (focused when it appears), copy button, and a status line. */
export function OneTimeSecret({ label, value, hint, testId }: { label: string; value: string; hint: string; testId?: string }) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');
  useEffect(() => field.current?.focus(), [value]);
  return (
    <div className="banner banner-info" data-testid={testId} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <div className="inline-form">
        <label htmlFor={id}>{label}</label>
        <input id={id} ref={field} type="text" readOnly value={value} onFocus={(e) => e.target.select()} style={{ flex: '1 1 320px' }} aria-describedby={`${id}-hint`} />
        <button type="button" className="btn" onClick={async () => setStatus((await copyText(value, field.current)) ? 'Copied to the clipboard.' : 'Could not copy: select it and copy it yourself.')}>
          Copy
        </button>
      </div>
      <span id={`${id}-hint`}>{hint}</span>
      <span role="status" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
