// Response cache for the dashboard's hottest reads (orders, shipments, inventory pages). Dozens of
// staff screens and apps ask for the same first pages between two changes; executing those again
// repeats the SQL and the resolver work for an identical answer, which memory can give instead.
//
// Correctness rests on three rules:
// - Only queries whose whole selection is covered by the brand's change stream (cache-plan.ts).
// - The key holds the brand's version, read before execution: a change committed during the
//   execution moves the version, so a result that may predate it is never served afterwards.
//   Freshness is therefore that of live subscriptions (the same notices drive both).
// - The key holds the caller's access (3PL, role, brand grants); authentication runs before this
//   on every request, so a revoked key is refused before the cache is consulted.
// Results with errors are never stored.
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { responseCacheLookups } from '../../lib/metrics.js';
import type { Context } from '../context.js';
import { parseGlobalId } from '../ids.js';
import type { BrandVersions } from './brand-versions.js';
import { cachePlan, type BrandArg } from './cache-plan.js';
import { LruStore } from './store.js';

export type ResponseCacheOptions = {
  versions: BrandVersions;
  maxEntries: number;
  /** Backstop on the age of an entry. */
  ttlMs?: number;
};

export type ResponseCacheStats = { hits: number; misses: number; stored: number; bypassed: number };

const documentIds = new WeakMap<object, number>();
let nextDocumentId = 1;
/** Yoga's parse cache hands out the same DocumentNode for the same query text. */
function documentId(document: object): number {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = nextDocumentId++));
  return id;
}

function brandIdOf(arg: BrandArg, variables: Record<string, unknown> | null | undefined): string | null {
  const value = 'literal' in arg ? arg.literal : variables?.[arg.variable];
  if (typeof value !== 'string') return null;
  try {
    return parseGlobalId(value, 'Brand');
  } catch {
    return null; // the resolver answers a bad id with its own error
  }
}

export function useBrandResponseCache(options: ResponseCacheOptions): Plugin & { stats: ResponseCacheStats } {
  const store = new LruStore<ExecutionResult>(options.maxEntries, options.ttlMs ?? 60_000);
  const stats: ResponseCacheStats = { hits: 0, misses: 0, stored: 0, bypassed: 0 };

  return {
    stats,
    onExecute({ args, setResultAndStopExecution }) {
      const viewer = (args.contextValue as unknown as Partial<Context> | undefined)?.viewer;
      if (!viewer) return;
      const plan = cachePlan(args.schema, args.document, args.operationName);
      if (!plan) return;
      const variables = args.variableValues as Record<string, unknown> | null | undefined;
      const versions: string[] = [];
      for (const arg of plan.brandArgs) {
        const brandId = brandIdOf(arg, variables);
        const version = brandId && options.versions.current(brandId);
        if (!brandId || !version) {
          stats.bypassed++;
          responseCacheLookups.inc({ result: 'bypass' });
          return;
        }
        versions.push(`${brandId}@${version}`);
      }
      const access = `${viewer.threePLId}/${viewer.role ?? 'viewer'}/${viewer.brandIds?.slice().sort().join(',') ?? '*'}`;
      const key = `${documentId(args.document)}|${args.operationName ?? ''}|${access}|${versions.join(',')}|${JSON.stringify(variables ?? {})}`;

      const hit = store.get(key);
      if (hit) {
        stats.hits++;
        responseCacheLookups.inc({ result: 'hit' });
        setResultAndStopExecution(hit);
        return;
      }
      stats.misses++;
      responseCacheLookups.inc({ result: 'miss' });
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result) || result.errors?.length) return;
          store.set(key, result);
          stats.stored++;
        },
      };
    },
  };
}
