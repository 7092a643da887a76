// The few operations that need no API key: accepting an invitation (its token is the credential).
// The context factory lets a request without any key through only when its operation selects
// nothing but these root fields; the fields themselves carry no auth scope.
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

export const PUBLIC_MUTATIONS = new Set(['acceptInvitation']);

/** Whether the request's operation is a mutation of public root fields only. */
export function isPublicOperation(params: { query?: string | null; operationName?: string | null } | undefined): boolean {
  if (!params?.query) return false;
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(params.query, { noLocation: true, maxTokens: 2_000 }).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
  } catch {
    return false;
  }
  const operation = params.operationName ? operations.find((o) => o.name?.value === params.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (operation?.operation !== 'mutation') return false;
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (PUBLIC_MUTATIONS.has(s.name.value) || s.name.value === '__typename'));
}
