import type { Plugin } from 'graphql-yoga';

const ids = new WeakMap<Request, string>();

// Accept a caller's id only when it is short and plain, so it is safe to echo into logs.
const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's x-request-id when it is safe to echo, else a new one. */
export function pickRequestId(given: string | null | undefined): string {
  return given && SAFE_ID.test(given) ? given : crypto.randomUUID();
}

export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (!id) {
    id = pickRequestId(request.headers.get('x-request-id'));
    ids.set(request, id);
  }
  return id;
}

/** Every HTTP response carries x-request-id; the same id is in the GraphQL context and log lines. */
export const useRequestId = (): Plugin => ({
  onResponse({ request, response }) {
    response.headers.set('x-request-id', requestIdOf(request));
  },
});
