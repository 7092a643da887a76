// Execute once, send many. A thousand subscribers of one brand usually send the same document and
// variables, so the result of one change is the same for all of them who share a viewer scope.
// Each subscriber keeps its own source stream (authorization, resume, gap fill, backpressure stay
// per subscriber in change-stream.ts); only the per-event execution of the selection is shared,
// memoized per (event, document, variables except the resume cursor, viewer scope) for a few
// seconds in a small bounded map.
import { createHash } from 'node:crypto';
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  print,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import { maskError } from 'graphql-yoga';
import type { Viewer } from '../../auth/viewer.js';
import type { ChangeNotice } from '../../changes/change-log.js';
import { observeNoticeDelivered } from '../../lib/metrics.js';

const TTL_MS = 5_000;
const MAX_ENTRIES = 512;
/** The argument that only positions a subscriber's stream; it never changes an event's result. */
const CURSOR_ARG = 'afterSequence';

type Entry = { at: number; result: Promise<ExecutionResult> };
const memo = new Map<string, Entry>();

/** Test and bench hook: how many per-event executions ran versus were shared. */
export const sharedExecutionStats = { executed: 0, shared: 0 };

function remember(key: string, run: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
  const now = Date.now();
  const hit = memo.get(key);
  if (hit && now - hit.at <= TTL_MS) {
    sharedExecutionStats.shared++;
    return hit.result;
  }
  if (hit) memo.delete(key);
  // Map iteration is insertion order: the first entries are the oldest.
  while (memo.size >= MAX_ENTRIES) memo.delete(memo.keys().next().value!);
  sharedExecutionStats.executed++;
  const result = run();
  memo.set(key, { at: now, result });
  result.catch(() => memo.delete(key));
  return result;
}

/** Variables bound to afterSequence anywhere in the operation (their value varies per subscriber). */
const cursorVariablesOf = new WeakMap<DocumentNode, { text: string; cursorVars: Set<string> }>();
function documentFacts(document: DocumentNode) {
  let facts = cursorVariablesOf.get(document);
  if (!facts) {
    const cursorVars = new Set<string>();
    visit(document, {
      Argument(node) {
        if (node.name.value === CURSOR_ARG && node.value.kind === Kind.VARIABLE) cursorVars.add(node.value.name.value);
      },
    });
    facts = { text: createHash('sha256').update(print(document)).digest('base64url'), cursorVars };
    cursorVariablesOf.set(document, facts);
  }
  return facts;
}

/** Everything besides the event that the result depends on; null when it cannot be shared. */
function scopeKey(args: ExecutionArgs): string | null {
  const viewer = (args.contextValue as { viewer?: Viewer | null } | undefined)?.viewer;
  if (!viewer) return null;
  const { text, cursorVars } = documentFacts(args.document);
  const variables: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args.variableValues ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!cursorVars.has(name)) variables[name] = value;
  }
  // Field-level auth (e.g. manager-only fields) depends on the tenant, role and brand list.
  const scope = [viewer.threePLId, viewer.role ?? '-', viewer.brandIds ? [...viewer.brandIds].sort().join(',') : '*'].join('|');
  return `${text}|${args.operationName ?? ''}|${JSON.stringify(variables)}|${scope}`;
}

const isNotice = (v: unknown): v is ChangeNotice =>
  !!v && typeof v === 'object' && typeof (v as ChangeNotice).sequence === 'string' && typeof (v as ChangeNotice).brandId === 'string';

/** Same masking as Yoga's maskedErrors: GraphQLErrors thrown on purpose pass, the rest does not. */
function masked(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => maskError(e, 'Unexpected error.', false) as GraphQLError) };
}

/**
 * graphql-ws `subscribe`: the source stream is built per subscriber; each event's execution is
 * shared between subscribers with the same key. Returns the same shapes as graphql's subscribe.
 */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const operation = getOperationAST(args.document, args.operationName) as OperationDefinitionNode;
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return masked(source as ExecutionResult);
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const scope = scopeKey(args);

  const executeEvent = async (event: unknown) => masked((await execute({ ...args, rootValue: event })) as ExecutionResult);
  const map = (event: unknown): Promise<ExecutionResult> =>
    scope && isNotice(event)
      ? remember(`${event.brandId}:${event.kind}:${event.sequence}|${scope}`, () => executeEvent(event))
      : executeEvent(event);

  const wrapError = (error: unknown) => {
    const original = error instanceof Error ? error : new Error(String(error));
    return maskError(new GraphQLError(original.message, { originalError: original, nodes: [operation] }), 'Unexpected error.', false);
  };

  const mapped: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      let step: IteratorResult<unknown>;
      try {
        step = await iterator.next();
      } catch (error) {
        throw wrapError(error);
      }
      if (step.done) return { value: undefined, done: true };
      const value = await map(step.value);
      observeNoticeDelivered(step.value);
      return { value, done: false };
    },
    async return() {
      await iterator.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}
