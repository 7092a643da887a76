// Which fields a query asks for below the current field (through fragments), so hand-written SQL
// loads only the children that will be resolved.
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function collect(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, out: FieldNode[], seen = new Set<string>()) {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collect(info, selection.selectionSet, out, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      collect(info, info.fragments[selection.name.value]?.selectionSet, out, seen);
    }
  }
}

/** The field nodes selected at `path` below the current field (e.g. ['edges', 'node']). */
export function selectedBelow(info: GraphQLResolveInfo, path: string[], from: readonly FieldNode[] = info.fieldNodes): FieldNode[] {
  let level = [...from];
  for (const name of [...path, null]) {
    const children: FieldNode[] = [];
    for (const node of level) collect(info, node.selectionSet, children);
    if (name === null) return children;
    level = children.filter((f) => f.name.value === name);
  }
  return level;
}

export const selects = (fields: FieldNode[], name: string) => fields.some((f) => f.name.value === name);
