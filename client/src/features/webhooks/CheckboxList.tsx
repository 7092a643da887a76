// A fieldset of checkboxes for a set of values (event types, brands): none ticked means "all",
// which the legend's hint says, so an empty choice is never a surprise.
import { useId } from 'react';

export function CheckboxList({ legend, hint, options, chosen, onChange, disabled }: {
  legend: string;
  hint: string;
  options: { value: string; label: string; description?: string }[];
  chosen: readonly string[];
  onChange(next: string[]): void;
  disabled?: boolean;
}) {
  const hintId = useId();
  const toggle = (value: string, on: boolean) => onChange(on ? [...chosen, value] : chosen.filter((v) => v !== value));
  return (
    <fieldset className="checkbox-list" aria-describedby={hintId} disabled={disabled}>
      <legend>{legend}</legend>
      <p id={hintId} className="muted small">
        {hint}
      </p>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input type="checkbox" checked={chosen.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
          <span>
            {o.label}
            {o.description && <span className="muted small"> · {o.description}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
