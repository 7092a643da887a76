// REST failures: every refusal is { error: { code, message } } with its HTTP status, never an
// empty body or a stack. Service errors (services/errors.ts) map to statuses here, as
// graphql/service-errors.ts maps them to GraphQL codes.
import { ServiceError, type FieldError, type ServiceErrorCode } from '../../services/errors.js';

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Per-field messages of a refused input (422), answered as error.fields. */
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'RestError';
  }
}

export const badRequest = (message: string) => new RestError(400, 'BAD_REQUEST', message);
export const notFound = (message = 'Not found') => new RestError(404, 'NOT_FOUND', message);
export const brandNotFound = () => notFound('Brand not found');

const STATUS: Record<ServiceErrorCode, { status: number; code: string }> = {
  NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  // The request was well-formed; the service refused its values (a blank auth code, a resource this connection does not sync).
  BAD_USER_INPUT: { status: 422, code: 'UNPROCESSABLE' },
  NOT_CONNECTED: { status: 409, code: 'NOT_CONNECTED' },
  CONFLICT: { status: 409, code: 'CONFLICT' },
  // Trackstar answered with an error (its message is passed on).
  UPSTREAM: { status: 502, code: 'UPSTREAM_ERROR' },
  NOT_CONFIGURED: { status: 503, code: 'NOT_CONFIGURED' },
  UNAVAILABLE: { status: 503, code: 'SERVICE_UNAVAILABLE' },
  // The caller's role may not do this (team rules such as an ADMIN acting on an OWNER).
  FORBIDDEN: { status: 403, code: 'FORBIDDEN' },
};

// PostgreSQL or Redis out of reach: node-postgres/ioredis socket errors, PostgreSQL's
// "cannot connect now"/"admin shutdown" classes, Prisma's connection error codes.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'P1001', 'P1002', 'P1017', 'P2024']);
const UNAVAILABLE_MESSAGE = /connection terminated|timeout exceeded when trying to connect|can't reach database|connection is closed|ECONNREFUSED/i;

/** Whether an unexpected error means a backing service (database, Redis) is unreachable. */
export function isUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || !error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isUnavailable(inner, depth + 1))) return true;
  return isUnavailable(e.cause, depth + 1);
}

/** Any thrown value as the answer to send; `unexpected` says it should be logged. */
export function toRestError(error: unknown, requestId: string): RestError & { unexpected?: boolean } {
  if (error instanceof RestError) return error;
  if (error instanceof ServiceError) {
    const { status, code } = STATUS[error.code];
    return new RestError(status, code, error.message, {}, error.fields);
  }
  const answer = isUnavailable(error)
    ? new RestError(503, 'SERVICE_UNAVAILABLE', 'A backing service is unavailable; try again shortly', { 'retry-after': '5' })
    : new RestError(500, 'INTERNAL', `Unexpected error (request id ${requestId})`);
  return Object.assign(answer, { unexpected: true });
}

export const errorBody = (error: RestError) => ({ error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
