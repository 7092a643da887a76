// Sync performance history: the SyncRun type and BrandIntegration.syncRuns. Rows are written by
// the worker when each sync job attempt ends (jobs/metered-sync.ts) and kept
// SYNC_RUN_RETENTION_DAYS. Reached only through an integration the caller may read, so the
// history is scoped exactly like the integration itself.
import { GraphQLError } from 'graphql';
import { db } from '../../db.js';
import { SyncRunOutcome } from '../../generated/prisma/enums.js';
import { builder } from '../builder.js';
import { MAX_PAGE_SIZE } from '../pagination.js';
import { SyncResourceEnum } from './sync.js';

export const SyncRunOutcomeEnum = builder.enumType(SyncRunOutcome, {
  name: 'SyncRunOutcome',
  description: 'How one sync attempt ended.',
  values: {
    COMPLETED: { description: 'The run read its last page; the resource is up to date as of its start.' },
    FAILED: { description: 'The attempt failed (see error); its committed pages are kept and the next attempt resumes after them.' },
    STOPPED: { description: 'The worker shut down between pages; another worker resumes the run.' },
    AUTH_FAILED: { description: 'Trackstar refused the credentials; syncing stopped until the brand reconnects.' },
    UNSUPPORTED: { description: 'The WMS does not offer this resource; it is paused.' },
    SKIPPED: { description: 'Another worker took the run over after this attempt had committed pages.' },
  } satisfies Record<keyof typeof SyncRunOutcome, { description: string }>,
});

builder.prismaObject('SyncRun', {
  description: 'One sync attempt of one resource: what it read and how fast. A run interrupted (crash, shutdown, failure) and resumed shows as several attempts.',
  fields: (t) => ({
    resource: t.expose('resource', { type: SyncResourceEnum, description: 'The resource synced.' }),
    reason: t.exposeString('reason', { description: 'Why it ran: "backfill" (first sync after connecting), "schedule", "manual" (Sync now), "resume" (after an interruption or a stall), "reconcile" (a complete listing that finds deletions: daily, or triggerSync with full).' }),
    resumed: t.exposeBoolean('resumed', { description: 'The attempt continued a run already in progress rather than starting one.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', description: 'When the attempt started.' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', description: 'When the attempt ended.' }),
    outcome: t.expose('outcome', { type: SyncRunOutcomeEnum, description: 'How the attempt ended.' }),
    records: t.exposeInt('records', { description: 'Valid records committed by this attempt.' }),
    pages: t.exposeInt('pages', { description: 'Trackstar pages committed by this attempt.' }),
    durationMs: t.exposeInt('durationMs', { description: 'How long the attempt took, in milliseconds.' }),
    rateLimitWaitMs: t.exposeInt('rateLimitWaitMs', {
      description: "Milliseconds spent waiting for the shared Trackstar rate limit (including after 429s); with a prefetched next page, part of it overlaps database work.",
    }),
    recordsPerSecond: t.float({
      nullable: true,
      description: 'records / duration; null for an attempt that took no measurable time.',
      select: { records: true, durationMs: true },
      resolve: (run) => (run.durationMs > 0 ? Math.round((run.records / (run.durationMs / 1000)) * 100) / 100 : null),
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why a FAILED, AUTH_FAILED or UNSUPPORTED attempt ended that way; null otherwise.' }),
  }),
});

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

builder.prismaObjectField('BrandIntegration', 'syncRuns', (t) =>
  t.prismaField({
    type: ['SyncRun'],
    description: 'Sync attempts of this connection, newest first, from the history kept for SYNC_RUN_RETENTION_DAYS (30 by default).',
    args: {
      since: t.arg({ type: 'DateTime', required: false, description: 'Only attempts started at or after this time.' }),
      resource: t.arg({ type: SyncResourceEnum, required: false, description: 'Only attempts of this resource.' }),
      first: t.arg.int({ required: false, defaultValue: 100, description: `How many attempts, newest first (0 to ${MAX_PAGE_SIZE}).` }),
    },
    resolve: (query, integration, args) => {
      const first = args.first ?? 100;
      if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`);
      return db.syncRun.findMany({
        ...query,
        where: { integrationId: integration.id, ...(args.resource ? { resource: args.resource } : {}), ...(args.since ? { startedAt: { gte: args.since } } : {}) },
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
        take: first,
      });
    },
  }),
);
