import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { isUuid } from '../lib/uuid.js';

/**
 * Decodes a Relay global id of the expected type into the database id. Malformed ids and ids of
 * another type are a clear BAD_USER_INPUT error; they never reach the database.
 */
export function parseGlobalId(globalId: string | number, typename: string): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(String(globalId));
  } catch {
    throw new GraphQLError(`Invalid ${typename} id`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (decoded.typename !== typename || !isUuid(decoded.id)) {
    throw new GraphQLError(`Invalid ${typename} id`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return decoded.id;
}
