// Small presentational pieces shared by every screen: states, badges, page header.
import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: CombinedError | Error | string; retry?: () => void }) {
  const message = typeof error === 'string' ? error : errorMessage(error);
  return (
    <div className="state state-error" role="alert">
      <strong>Something went wrong.</strong> {message}
      {retry && (
        <button type="button" className="btn btn-small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

/** A readable message from an urql error, without "[GraphQL]" prefixes or network internals. */
/**
 * The server's per-field messages (extensions.fields of a BAD_USER_INPUT), keyed by `keyOf` of each
 * field path ("resources.ORDERS.paused", "input.url"); {} when the error names no field.
 */
export function fieldErrorsOf(error: CombinedError | undefined, keyOf: (field: string) => string = (field) => field): Record<string, string> {
  const fields = error?.graphQLErrors[0]?.extensions?.fields;
  if (!Array.isArray(fields)) return {};
  return Object.fromEntries(fields.map((f: { field: string; message: string }) => [keyOf(f.field), f.message]));
}

export function errorMessage(error: CombinedError | Error): string {
  const gqlErrors = (error as CombinedError).graphQLErrors;
  if (gqlErrors?.length) return gqlErrors.map((e) => e.message).join('; ');
  if ((error as CombinedError).networkError) return 'Could not reach Packr. Check your connection.';
  return error.message.replace(/^\[(GraphQL|Network)\]\s*/, '');
}

export type Tone = 'ok' | 'info' | 'warn' | 'bad' | 'neutral';

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
