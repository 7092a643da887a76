// Typed Trackstar failures. The sync engine decides by class: auth errors pause the integration,
// NotImplemented marks a resource unsupported, retryable ones (rate limit, upstream 5xx, network)
// are retried with backoff, everything else fails fast with Trackstar's own message.

export class TrackstarError extends Error {
  /** HTTP status from Trackstar, or null for network failures and timeouts. */
  readonly status: number | null;
  /** Upstream X-Request-Id, for support tickets. */
  readonly requestId: string | null;
  readonly retryable: boolean;
  /** What Trackstar's error body said, when it answered one (WMS writes pass it on to the user). */
  readonly upstream: UpstreamErrorBody | null;

  constructor(message: string, opts: { status: number | null; requestId?: string | null; retryable?: boolean; upstream?: UpstreamErrorBody | null }) {
    super(message);
    this.name = new.target.name;
    this.status = opts.status;
    this.requestId = opts.requestId ?? null;
    this.retryable = opts.retryable ?? false;
    this.upstream = opts.upstream ?? null;
  }
}

/**
 * Trackstar's `{ error, origin }` body: `origin` "integration" when the WMS itself refused; a 422's
 * `detail` is `{ json | query: { <field path>: [messages] } }`.
 */
export type UpstreamErrorBody = { error: string | null; origin: string | null; detail: Record<string, Record<string, string[]>> | null };

/** 401/403: bad API key, revoked access token, or the function is disabled. */
export class TrackstarAuthError extends TrackstarError {}
/** 501: the integration does not implement this endpoint. Never retry. */
export class TrackstarNotImplementedError extends TrackstarError {}
/** 422: Trackstar rejected the request's parameters or body. */
export class TrackstarValidationError extends TrackstarError {}
/** 429 still after the bounded retries. */
export class TrackstarRateLimitedError extends TrackstarError {}
/** 5xx (not 501), timeouts and network errors still after the bounded retries. */
export class TrackstarUpstreamError extends TrackstarError {}
/** Any other 4xx (400, 404, 409, ...): fail fast with the upstream message. */
export class TrackstarRequestError extends TrackstarError {}
/** Trackstar answered 2xx with a body that does not match the contract's envelope. */
export class TrackstarResponseError extends TrackstarError {}
/** TRACKSTAR_BASE_URL / TRACKSTAR_API_KEY are not set. */
export class TrackstarNotConfiguredError extends Error {
  constructor() {
    super('Trackstar is not configured');
    this.name = 'TrackstarNotConfiguredError';
  }
}

/** Builds the typed error for a non-2xx answer; `body` is Trackstar's `{ error, origin? }` if any. */
export function errorForStatus(status: number, body: unknown, requestId: string | null): TrackstarError {
  const upstream = typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string'
    ? (body as { error: string }).error
    : null;
  const message = `Trackstar ${status}: ${upstream ?? 'no error message'}`;
  const opts = { status, requestId, upstream: upstreamBody(body, upstream) };
  if (status === 401 || status === 403) return new TrackstarAuthError(message, opts);
  if (status === 501) return new TrackstarNotImplementedError(message, opts);
  if (status === 422) return new TrackstarValidationError(message, opts);
  if (status === 429) return new TrackstarRateLimitedError(message, { ...opts, retryable: true });
  if (status >= 500) return new TrackstarUpstreamError(message, { ...opts, retryable: true });
  return new TrackstarRequestError(message, opts);
}

function upstreamBody(body: unknown, error: string | null): UpstreamErrorBody | null {
  if (typeof body !== 'object' || body === null) return null;
  const { origin, detail } = body as { origin?: unknown; detail?: unknown };
  return { error, origin: typeof origin === 'string' ? origin : null, detail: fieldMessages(detail) };
}

/** Keeps only the `{ where: { field: [message] } }` shape of a 422 detail; anything else is dropped. */
function fieldMessages(detail: unknown): UpstreamErrorBody['detail'] {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return null;
  const out: Record<string, Record<string, string[]>> = {};
  for (const [where, fields] of Object.entries(detail)) {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) continue;
    for (const [field, messages] of Object.entries(fields)) {
      const list = (Array.isArray(messages) ? messages : [messages]).filter((m): m is string => typeof m === 'string');
      if (list.length > 0) (out[where] ??= {})[field] = list;
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}
