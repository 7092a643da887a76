// Relay global ids: malformed ids and ids naming a type that is not a Node are clear
// BAD_USER_INPUT errors instead of masked internal errors. Wired into builder.ts's relay options.
import { decodeGlobalID as decodeRelayId } from '@pothos/plugin-relay';
import { GraphQLError, isObjectType, type GraphQLResolveInfo } from 'graphql';

const invalidId = () => new GraphQLError('Invalid id', { extensions: { code: 'BAD_USER_INPUT' } });

export function decodeNodeId(globalId: string): { typename: string; id: string } {
  if (typeof globalId !== 'string' || globalId.length > 200) throw invalidId();
  try {
    return decodeRelayId(globalId);
  } catch {
    throw invalidId();
  }
}

function assertNodeType(typename: string, info: GraphQLResolveInfo) {
  const type = info.schema.getType(typename);
  if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) throw invalidId();
}

/** `node(id)` resolver: checks the type, then lets the node's own (tenant-scoped) loader run. */
export const resolveNodeChecked = (
  _root: unknown,
  args: { id: { typename: string } },
  _ctx: unknown,
  info: GraphQLResolveInfo,
  resolveNode: (id: unknown) => unknown,
) => {
  assertNodeType(args.id.typename, info);
  return resolveNode(args.id);
};
