// Keys created with the read_only scope (auth/viewer.ts READ_ONLY_SCOPE) may query and subscribe
// but not run mutations: an ERP that only mirrors data, a wallboard. Checked once per operation,
// before execution, so no resolver has to remember it; the REST router and the queue board refuse
// such keys' writes the same way.
import { getOperationAST, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

export function useReadOnlyKeys(): Plugin<Record<string, unknown>, Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const viewer = (args.contextValue as Partial<Context>).viewer;
      if (!viewer?.readOnly) return;
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      if (operation?.operation !== 'mutation') return;
      setResultAndStopExecution({
        errors: [new GraphQLError('This API key is read-only: it may query and subscribe, not change anything', { extensions: { code: 'FORBIDDEN' } })],
      });
    },
  };
}
