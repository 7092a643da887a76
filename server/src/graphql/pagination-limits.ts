// Validation rule for list sizes. graphql-armor's cost limit counts fields, not rows; this rule
// rejects `first` outside 0..MAX_PAGE_SIZE before execution and bounds the estimated number of
// nodes a query can return (nested pages multiply: 250 inventory items × 250 history rows).
import {
  GraphQLError,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';

export const MAX_ESTIMATED_NODES = 20_000;

const badInput = (message: string, node?: import('graphql').ASTNode) =>
  new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { code: 'BAD_USER_INPUT' } });

export const PaginationLimitsRule: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(operation) {
    const root = context.getSchema().getRootType(operation.operation);
    if (!root) return;
    const estimated = walk(context, operation.selectionSet, root, 1, new Set());
    if (estimated > MAX_ESTIMATED_NODES) {
      context.reportError(
        badInput(`Query may return about ${estimated} list items (limit ${MAX_ESTIMATED_NODES}); ask for smaller pages or fewer nested lists`, operation),
      );
    }
  },
});

/** Sum over paginated fields of (page size × the page sizes of the lists around it). */
function walk(context: ValidationContext, set: SelectionSetNode, parent: GraphQLNamedType, multiplier: number, fragments: Set<string>): number {
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) : parent;
      if (type) total += walk(context, selection.selectionSet, type, multiplier, fragments);
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      if (!fragment || fragments.has(name)) continue; // unknown or cyclic: other rules report it
      const type = context.getSchema().getType(fragment.typeCondition.name.value);
      if (type) total += walk(context, fragment.selectionSet, type, multiplier, new Set([...fragments, name]));
    } else {
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const field = parent.getFields()[selection.name.value];
      if (!field) continue;
      let inner = multiplier;
      const firstArg = field.args.find((a) => a.name === 'first');
      if (firstArg) {
        const given = selection.arguments?.find((a) => a.name.value === 'first')?.value;
        let size = typeof firstArg.defaultValue === 'number' ? firstArg.defaultValue : DEFAULT_PAGE_SIZE;
        if (given?.kind === Kind.INT) {
          size = Number(given.value);
          if (!(size >= 0 && size <= MAX_PAGE_SIZE)) {
            context.reportError(badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, given));
            continue;
          }
        } else if (given?.kind === Kind.VARIABLE) {
          size = MAX_PAGE_SIZE; // unknown until execution (where it is checked too): assume the worst
        }
        inner = multiplier * size;
        total += inner;
      }
      if (selection.selectionSet) total += walk(context, selection.selectionSet, getNamedType(field.type), inner, fragments);
    }
  }
  return total;
}

/** Adds the rule to Yoga's validation (HTTP and graphql-ws both go through it). */
export const usePaginationLimits = (): Plugin => ({
  onValidate({ addValidationRule }) {
    addValidationRule(PaginationLimitsRule);
  },
});
