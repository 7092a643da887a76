// Service failures become GraphQL errors with a code; anything else stays masked by Yoga.
import { GraphQLError } from 'graphql';
import { ServiceError, type ServiceErrorCode } from '../services/errors.js';
import { ReplayError } from '../webhooks/replay.js';

const CODES: Record<ServiceErrorCode, string> = {
  NOT_FOUND: 'NOT_FOUND', BAD_USER_INPUT: 'BAD_USER_INPUT', NOT_CONNECTED: 'FAILED_PRECONDITION', UPSTREAM: 'UPSTREAM_ERROR',
  NOT_CONFIGURED: 'NOT_CONFIGURED', CONFLICT: 'CONFLICT', UNAVAILABLE: 'SERVICE_UNAVAILABLE', FORBIDDEN: 'FORBIDDEN',
};

function toGraphQLError(error: unknown): unknown {
  if (error instanceof ServiceError) {
    return new GraphQLError(error.message, { extensions: { code: CODES[error.code], ...(error.fields ? { fields: error.fields } : {}) } });
  }
  // Replay's codes are GraphQL codes already.
  if (error instanceof ReplayError) return new GraphQLError(error.message, { extensions: { code: error.code } });
  return error;
}

/** Runs a service call from a resolver, answering its known failures as coded GraphQL errors. */
export async function answer<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGraphQLError(error);
  }
}
