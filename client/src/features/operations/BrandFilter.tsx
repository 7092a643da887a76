// A multi-select of the caller's brands (none ticked = every brand): a disclosure with one
// checkbox per brand, so it works with the keyboard and screen readers without a custom listbox.
import { useQuery } from 'urql';
import { graphql } from '../../gql';

const BrandOptionsQuery = graphql(`
  query BrandOptions {
    brands {
      id
      name
    }
  }
`);

export function useBrandOptions(): { id: string; name: string }[] {
  const [{ data }] = useQuery({ query: BrandOptionsQuery });
  return data?.brands ?? [];
}

export function BrandFilter({ selected, onChange }: { selected: readonly string[]; onChange(ids: string[]): void }) {
  const brands = useBrandOptions();
  if (brands.length < 2) return null;
  const summary = selected.length === 0 ? 'All brands' : selected.length === 1 ? (brands.find((b) => b.id === selected[0])?.name ?? '1 brand') : `${selected.length} brands`;
  const toggle = (id: string) => onChange(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  return (
    <details className="multi-select" data-testid="brand-filter">
      <summary>
        <span className="sr-only">Brands: </span>
        {summary}
      </summary>
      <fieldset>
        <legend className="sr-only">Show brands</legend>
        {brands.map((b) => (
          <label key={b.id} className="check">
            <input type="checkbox" checked={selected.includes(b.id)} onChange={() => toggle(b.id)} /> {b.name}
          </label>
        ))}
        {selected.length > 0 && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange([])}>
            All brands
          </button>
        )}
      </fieldset>
    </details>
  );
}
