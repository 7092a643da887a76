// Executes queries through graphql-jit: each distinct document is compiled once to a JS function
// (cached per parsed document, which Yoga's parse cache keeps stable), which skips most of the
// per-field work of the reference executor. On the orders page (~1,800 fields) that executor
// and its garbage were the largest CPU cost after PostgreSQL I/O (bench:graphql).
// Mutations and subscriptions keep the reference executor: they are rare, and subscriptions go
// through graphql-ws with their own async-iterator plumbing.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function isQuery(document: DocumentNode, operationName?: string | null): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  return operation?.operation === 'query';
}

export function useJitQueries(): Plugin {
  return useGraphQlJit({}, { enableIf: (args) => isQuery(args.document, args.operationName) }) as Plugin;
}
