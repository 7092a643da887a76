import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (decoded.typename !== typename || !UUID.test(decoded.id)) {
    throw new GraphQLError(`Invalid ${typename} id`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return decoded.id;
}
