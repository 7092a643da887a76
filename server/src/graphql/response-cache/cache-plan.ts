// Which queries the response cache may answer. A cached result is reused until the brand's change
// stream says otherwise, so a query qualifies only when everything it can select is covered by
// that stream: today ORDER and INVENTORY notices, i.e. orders (with line items, shipments and
// packages), shipments and inventory (with levels and history). Anything else in the selection
// (the brand, its integration, products, warehouses, introspection) makes the query uncacheable,
// because those rows change without a notice.
import {
  Kind, TypeInfo, getNamedType, isLeafType, visit, visitWithTypeInfo,
  type DocumentNode, type GraphQLSchema, type ValueNode,
} from 'graphql';
import { pickOperation } from '../operation.js';

/** Root fields whose data is one brand's, named by their `brandId` argument. */
const ROOT_FIELDS = new Set(['orders', 'shipments', 'inventory']);

/** Object types whose every field is written only together with an ORDER or INVENTORY notice. */
const COVERED_TYPES = new Set([
  'OrderConnection', 'OrderEdge', 'Order', 'OrderLineItem', 'Shipment', 'ShipmentConnection', 'ShipmentEdge', 'Package',
  'InventoryItemConnection', 'InventoryItemEdge', 'InventoryItem', 'InventoryLevel', 'InventorySnapshot',
  'Money', 'PageInfo',
  // Shapes embedded in those rows' own columns (types/embedded.ts): they change only with their row.
  'ShipmentLineItem', 'PackageLineItem', 'Measurements', 'Address', 'ShipToAddress',
]);

/** Where each root field's brand id comes from: a literal in the document or a variable. */
export type BrandArg = { literal: string } | { variable: string };
export type CachePlan = { brandArgs: BrandArg[] };

const plans = new WeakMap<DocumentNode, Map<string, CachePlan | null>>();

/** The plan for this operation, or null when it must not be cached. Memoized per parsed document. */
export function cachePlan(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): CachePlan | null {
  let byOperation = plans.get(document);
  if (!byOperation) plans.set(document, (byOperation = new Map()));
  const key = operationName ?? '';
  if (!byOperation.has(key)) byOperation.set(key, analyze(schema, document, operationName));
  return byOperation.get(key)!;
}

function brandArgOf(value: ValueNode | undefined): BrandArg | null {
  if (value?.kind === Kind.STRING) return { literal: value.value };
  if (value?.kind === Kind.VARIABLE) return { variable: value.name.value };
  return null;
}

function analyze(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): CachePlan | null {
  const operation = pickOperation(document, operationName);
  if (!operation || operation.operation !== 'query') return null;

  const brandArgs: BrandArg[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null; // fragments at the root: keep the rule simple
    if (selection.name.value === '__typename') continue;
    if (!ROOT_FIELDS.has(selection.name.value)) return null;
    const arg = brandArgOf(selection.arguments?.find((a) => a.name.value === 'brandId')?.value);
    if (!arg) return null;
    brandArgs.push(arg);
  }
  if (brandArgs.length === 0) return null;

  // Every field below the root must return a leaf or a covered type (fragments included: all of
  // the document's fragments are checked, which can only make the rule stricter).
  let covered = true;
  const typeInfo = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      if (node.name.value.startsWith('__') && node.name.value !== '__typename') covered = false;
      const parent = typeInfo.getParentType();
      if (parent && parent === schema.getQueryType()) return;
      const type = typeInfo.getType();
      if (!type) {
        covered = false; // unknown field: validation answers it, never the cache
        return;
      }
      const named = getNamedType(type);
      if (!isLeafType(named) && !COVERED_TYPES.has(named.name)) covered = false;
    },
  }));
  return covered ? { brandArgs } : null;
}
