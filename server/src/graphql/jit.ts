// Executes queries through graphql-jit: each distinct document is compiled once to a JS function
// (cached per parsed document, which Yoga's parse cache keeps stable), which skips most of the
// per-field work of the reference executor. On the orders page (~1,800 fields) that executor
// and its garbage were the largest CPU cost after PostgreSQL I/O (bench:graphql).
// Mutations and subscriptions keep the reference executor: they are rare, and subscriptions go
// through graphql-ws with their own async-iterator plumbing.
import { useGraphQlJit } from '@envelop/graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { pickOperation } from './operation.js';

export function useJitQueries(): Plugin {
  return useGraphQlJit({}, { enableIf: (args) => pickOperation(args.document, args.operationName)?.operation === 'query' }) as Plugin;
}
