// A row of toggle chips that filters a list by status: none pressed means every status.
import type { Dispatch, SetStateAction } from 'react';
import { humanize } from '../lib/format';

export function StatusChips<S extends string>({ statuses, selected, onChange }: { statuses: readonly S[]; selected: readonly S[]; onChange: Dispatch<SetStateAction<S[]>> }) {
  const toggle = (s: S) => onChange((prev) => (prev.includes(s) ? prev.filter((x) => x !== s) : [...prev, s]));
  return (
    <div className="chips" role="group" aria-label="Filter by status">
      {statuses.map((s) => (
        <button key={s} type="button" className="chip" aria-pressed={selected.includes(s)} onClick={() => toggle(s)}>
          {humanize(s)}
        </button>
      ))}
    </div>
  );
}
