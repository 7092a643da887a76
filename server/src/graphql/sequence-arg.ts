// Sequences (change log, attention events, alerts) travel as decimal strings: they are PostgreSQL
// bigints, past what a GraphQL Int or a JS number holds exactly.
import { GraphQLError } from 'graphql';

/** A sequence argument as a bigint; null when omitted. Anything but 1 to 18 digits is BAD_USER_INPUT naming the argument. */
export function sequenceArg(value: string | null | undefined, name = 'afterSequence'): bigint | null {
  if (value == null || value === '') return null;
  if (!/^\d{1,18}$/.test(value)) throw new GraphQLError(`${name} must be a non-negative integer string`, { extensions: { code: 'BAD_USER_INPUT' } });
  return BigInt(value);
}
