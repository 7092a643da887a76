// Alerts (the dashboard's bell): incidents opened once and resolved by alerts/ (evaluate.ts per
// brand, threepl-alerts.ts for the 3PL itself), their rules (Settings -> Alerts), the per-user read
// mark, and alertChanged. Here arguments, scope and errors only. Scope: 3PL members see every
// brand's alerts; brand viewers only their brands' and never 3PL-level ones; 3PL-level alerts
// (brand null: an outbound endpoint disabled) are for OWNER and ADMIN.
import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import type { AlertNotice } from '../../alerts/alert-log.js';
import { RULE_DEFINITIONS, THRESHOLD_RANGES, brandAlertRules, threePLAlertRules, type AlertKindName, type AlertRule } from '../../alerts/rule-settings.js';
import { updateAlertRule } from '../../alerts/update-rule.js';
import { isManager, viewerFromApiKey, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { AlertKind } from '../../generated/prisma/enums.js';
import { loadBatched } from '../batch.js';
import { brandIdsArg, MAX_BRAND_IDS } from '../brand-scope.js';
import { sequenceArg } from '../sequence-arg.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { encodeCursor, decodeCursor, queryFingerprint } from '../pagination.js';
import { assertUuid, viewerOf, visibleBrandId } from '../scope.js';
import { answer } from '../service-errors.js';
import { openAlertStream } from '../subscriptions/alert-stream.js';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
const DEFAULT_ALERT_PAGE = 20;
const MAX_ALERT_PAGE = 250;

// ---- enums ----

export const AlertKindEnum = builder.enumType(AlertKind, {
  name: 'AlertKind',
  description: 'What an alert is about (its rule).',
  values: Object.fromEntries(Object.entries(RULE_DEFINITIONS).map(([kind, def]) => [kind, { description: def.description }])) as Record<
    keyof typeof AlertKind,
    { description: string }
  >,
});

const AlertStatusFilterEnum = builder.enumType('AlertStatusFilter', {
  description: 'Which alerts a list returns.',
  values: {
    OPEN: { description: 'Alerts whose condition still holds.' },
    RESOLVED: { description: 'Alerts whose condition ended (or whose rule was turned off, or whose brand was archived).' },
    ALL: { description: 'Both.' },
  },
});

const AlertChangeEnum = builder.enumType('AlertChange', {
  description: 'What happened to an alert.',
  values: {
    OPENED: { description: 'The condition started to hold: a new incident (fires once).' },
    UPDATED: { description: 'Still open; its numbers or text changed (e.g. more orders late). Not a new incident.' },
    RESOLVED: { description: 'The condition ended, the rule was turned off or the brand archived.' },
  },
});

const AlertThresholdUnitEnum = builder.enumType('AlertThresholdUnit', {
  description: "What a rule's threshold counts.",
  values: {
    MINUTES: { description: `Minutes (${THRESHOLD_RANGES.MINUTES.min} to ${THRESHOLD_RANGES.MINUTES.max}).` },
    COUNT: { description: `A number of records (${THRESHOLD_RANGES.COUNT.min} to ${THRESHOLD_RANGES.COUNT.max}).` },
    PERCENT: { description: `A percentage (${THRESHOLD_RANGES.PERCENT.min} to ${THRESHOLD_RANGES.PERCENT.max}).` },
  },
});

// ---- scope ----

/** The alerts a viewer may read (a Prisma where): see the header. */
function readableAlerts(v: Viewer): Prisma.AlertWhereInput {
  if (v.brandIds !== null) return { threePLId: v.threePLId, brandId: { in: v.brandIds } };
  return isManager(v) ? { threePLId: v.threePLId } : { threePLId: v.threePLId, brandId: { not: null } };
}


/** readableAlerts narrowed to the asked brands (a brand filter leaves 3PL-level alerts out). */
function alertScope(v: Viewer, brandIds: string[] | null): Prisma.AlertWhereInput {
  const readable = readableAlerts(v);
  return brandIds === null ? readable : { AND: [readable, { brandId: { in: brandIds } }] };
}


/** The viewer's read mark (0 when never read), once per request tick for every alert of a list. */
function readMark(ctx: object, v: Viewer): Promise<bigint> {
  return loadBatched(ctx, 'alertReadMark', `${v.userId}:${v.threePLId}`, async () => {
    const row = await db.alertRead.findUnique({ where: { userId_threePLId: { userId: v.userId, threePLId: v.threePLId } }, select: { sequence: true } });
    return new Map([[`${v.userId}:${v.threePLId}`, row?.sequence ?? 0n]]);
  }).then((seq) => seq ?? 0n);
}

// ---- the alert ----

export const AlertRef = builder.prismaNode('Alert', {
  description: 'An incident: a rule that started to hold for a brand (or for the 3PL itself), opened once and resolved when it ends.',
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id: assertUuid(id), ...readableAlerts(viewerOf(ctx)) }) as Prisma.AlertWhereUniqueInput,
  fields: (t) => ({
    kind: t.field({ type: AlertKindEnum, description: 'Which rule.', resolve: (a) => a.kind }),
    brand: t.relation('brand', { nullable: true, description: 'The brand; null for an alert about the 3PL itself (ENDPOINT_DISABLED).' }),
    title: t.exposeString('title', { description: 'One line for the bell, naming the brand (e.g. "Acme: 12 orders late (threshold 10)").' }),
    detail: t.exposeString('detail', { description: 'A sentence or two on what was measured.' }),
    value: t.exposeInt('value', { nullable: true, description: 'The measured number (late orders, failure %, SKUs, data age in minutes), if the rule has one.' }),
    threshold: t.exposeInt('threshold', { nullable: true, description: "The rule's threshold when it last changed, if the rule has one." }),
    openedAt: t.expose('openedAt', { type: 'DateTime', description: 'When the incident began (when Packr found it).' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'Its latest change (opened, updated or resolved).' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true, description: 'When it ended; null while open.' }),
    sequence: t.string({ description: "The 3PL's alert sequence at its latest change: lists are ordered by it, newest first; markAlertsRead takes one.", resolve: (a) => a.sequence.toString() }),
    unread: t.boolean({
      description: "Whether it opened or resolved after the caller's read mark (markAlertsRead); a revised number (more late orders) does not make it unread again.",
      resolve: async (a, _args, ctx) => a.notifiedSequence > (await readMark(ctx, viewerOf(ctx as Context))),
    }),
  }),
});

// ---- Query.alerts ----

type AlertRow = Prisma.AlertGetPayload<object>;
type AlertPage = { edges: { cursor: string; node: AlertRow }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } };

const AlertConnectionRef = builder.connectionObject(
  { type: AlertRef, name: 'AlertConnection', description: 'A page of alerts, newest change first.' },
  { name: 'AlertEdge', description: 'An alert in a page, with its cursor.' },
);

// Sequences are unique per 3PL (each change takes the next), so the cursor is the sequence alone.
const NEWEST_FIRST = { field: 'sequence', direction: 'desc', kind: 'string' } as const;
const NO_ID = '00000000-0000-0000-0000-000000000000';

builder.queryField('alerts', (t) =>
  t.field({
    type: AlertConnectionRef,
    authScopes: { authenticated: true },
    description: "The caller's alerts, newest change first (sequence descending). Subscribe to alertChanged for live changes.",
    args: {
      status: t.arg({ type: AlertStatusFilterEnum, defaultValue: 'ALL', description: 'Open, resolved or all (default).' }),
      brandIds: t.arg.idList({ required: false, description: `Only these brands (Brand global IDs, at most ${MAX_BRAND_IDS}; leaves 3PL-level alerts out); omitted: everything the caller may read.` }),
      first: t.arg.int({ defaultValue: DEFAULT_ALERT_PAGE, description: `Page size (0 to ${MAX_ALERT_PAGE}; default ${DEFAULT_ALERT_PAGE}).` }),
      after: t.arg.string({ required: false, description: 'The endCursor of the previous page.' }),
    },
    resolve: async (_root, args, ctx): Promise<AlertPage> => {
      const viewer = viewerOf(ctx);
      const first = args.first ?? DEFAULT_ALERT_PAGE;
      if (!Number.isInteger(first) || first < 0 || first > MAX_ALERT_PAGE) throw badInput(`first must be between 0 and ${MAX_ALERT_PAGE}`);
      const brandIds = brandIdsArg(args.brandIds);
      const status = args.status ?? 'ALL';
      const fingerprint = queryFingerprint(['alerts', status, brandIds ? [...brandIds].sort() : null]);
      const after = args.after != null ? sequenceArg(String(decodeCursor(args.after, fingerprint, NEWEST_FIRST).value), 'cursor') : null;
      const where: Prisma.AlertWhereInput = {
        AND: [
          alertScope(viewer, brandIds),
          status === 'OPEN' ? { resolvedAt: null } : status === 'RESOLVED' ? { resolvedAt: { not: null } } : {},
          after !== null ? { sequence: { lt: after } } : {},
        ],
      };
      const rows = first === 0 ? [] : await db.alert.findMany({ where, orderBy: { sequence: 'desc' }, take: first + 1 });
      const edges = rows.slice(0, first).map((node) => ({ node, cursor: encodeCursor(fingerprint, node.sequence.toString(), NO_ID) }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: args.after != null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  }),
);

// ---- Query.alertSummary, Mutation.markAlertsRead ----

type Summary = { open: number; unread: number; latestSequence: string; readSequence: string };

const AlertSummaryRef = builder.objectRef<Summary>('AlertSummary').implement({
  description: "The bell: how many alerts are open and how many changed since the caller's read mark.",
  fields: (t) => ({
    open: t.exposeInt('open', { description: 'Open alerts in scope.' }),
    unread: t.exposeInt('unread', { description: 'Alerts in scope that opened or resolved after the read mark.' }),
    latestSequence: t.exposeString('latestSequence', { description: "The newest change's sequence among the alerts in scope ('0' when none)." }),
    readSequence: t.exposeString('readSequence', { description: "The caller's read mark ('0' when never read)." }),
  }),
});

async function summary(viewer: Viewer, brandIds: string[] | null): Promise<Summary> {
  const where = alertScope(viewer, brandIds);
  const read = (await db.alertRead.findUnique({ where: { userId_threePLId: { userId: viewer.userId, threePLId: viewer.threePLId } }, select: { sequence: true } }))?.sequence ?? 0n;
  const [open, unread, latest] = await Promise.all([
    db.alert.count({ where: { AND: [where, { resolvedAt: null }] } }),
    db.alert.count({ where: { AND: [where, { notifiedSequence: { gt: read } }] } }),
    db.alert.aggregate({ where, _max: { sequence: true } }),
  ]);
  return { open, unread, latestSequence: (latest._max.sequence ?? 0n).toString(), readSequence: read.toString() };
}

builder.queryField('alertSummary', (t) =>
  t.field({
    type: AlertSummaryRef,
    authScopes: { authenticated: true },
    description: 'Counts for the notification bell.',
    args: { brandIds: t.arg.idList({ required: false, description: `Only these brands (Brand global IDs, at most ${MAX_BRAND_IDS}); omitted: everything the caller may read.` }) },
    resolve: (_root, args, ctx) => summary(viewerOf(ctx), brandIdsArg(args.brandIds)),
  }),
);

builder.mutationField('markAlertsRead', (t) =>
  t.field({
    type: AlertSummaryRef,
    authScopes: { authenticated: true },
    description: "Moves the caller's read mark (per user and 3PL) forward to upToSequence, or to the latest alert change when omitted. It never moves back.",
    args: { upToSequence: t.arg.string({ required: false, description: 'A sequence seen in alerts, alertSummary or alertChanged; omitted: everything so far.' }) },
    resolve: async (_root, args, ctx) => {
      const viewer = viewerOf(ctx);
      const asked = sequenceArg(args.upToSequence, 'upToSequence');
      const head = (await db.threePL.findUniqueOrThrow({ where: { id: viewer.threePLId }, select: { alertSeq: true } })).alertSeq;
      const upTo = asked === null || asked > head ? head : asked;
      await db.$executeRaw`INSERT INTO alert_read ("userId", "threePLId", sequence, "updatedAt") VALUES (${viewer.userId}::uuid, ${viewer.threePLId}::uuid, ${upTo}, timezone('UTC', now()))
        ON CONFLICT ("userId", "threePLId") DO UPDATE SET sequence = GREATEST(alert_read.sequence, EXCLUDED.sequence), "updatedAt" = EXCLUDED."updatedAt"`;
      return summary(viewer, null);
    },
  }),
);

// ---- rules ----

const AlertRuleSettingRef = builder.objectRef<AlertRule>('AlertRuleSetting').implement({
  description: "One alert rule: the 3PL's (brand null) or the one in force for a brand (its override over the 3PL's over the default).",
  fields: (t) => ({
    kind: t.field({ type: AlertKindEnum, description: 'The rule.', resolve: (r) => r.kind }),
    description: t.string({ description: 'What the rule watches, in a sentence.', resolve: (r) => RULE_DEFINITIONS[r.kind].description }),
    enabled: t.exposeBoolean('enabled', { description: 'Whether it opens alerts.' }),
    threshold: t.exposeInt('threshold', { nullable: true, description: 'Its threshold, in thresholdUnit; null for rules without one.' }),
    thresholdUnit: t.field({ type: AlertThresholdUnitEnum, nullable: true, description: 'What the threshold counts; null for rules without one.', resolve: (r) => RULE_DEFINITIONS[r.kind].unit }),
    defaultEnabled: t.boolean({ description: 'Whether it is on by default (every rule is).', resolve: () => true }),
    defaultThreshold: t.int({ nullable: true, description: "The built-in threshold; null for rules without one.", resolve: (r) => RULE_DEFINITIONS[r.kind].defaultThreshold }),
    brand: t.prismaField({
      type: 'Brand',
      nullable: true,
      description: 'The brand these are for; null for the 3PL-wide rule.',
      resolve: (query, r) => (r.brandId ? db.brand.findUnique({ ...query, where: { id: r.brandId } }) : null),
    }),
    overridden: t.exposeBoolean('overridden', { description: 'Whether the brand sets enabled or threshold itself (always false for 3PL rules).' }),
  }),
});

builder.queryField('alertRules', (t) =>
  t.field({
    type: [AlertRuleSettingRef],
    authScopes: { authenticated: true },
    description: "Alert rules. Without brandId: the 3PL's rules, every kind (3PL members only). With brandId: the brand-level rules in force for the brand, for whoever may read it.",
    args: { brandId: t.arg.id({ required: false, description: 'The Brand global ID; omitted: the 3PL rules.' }) },
    resolve: async (_root, args, ctx) => {
      const viewer = viewerOf(ctx);
      if (args.brandId == null) {
        if (viewer.role === null) throw new GraphQLError('Not authorized', { extensions: { code: 'FORBIDDEN' } });
        return threePLAlertRules(viewer.threePLId);
      }
      return brandAlertRules(await visibleBrandId(viewer, args.brandId));
    },
  }),
);

const UpdateAlertRuleInput = builder.inputType('UpdateAlertRuleInput', {
  description: 'A change to one rule; omitted fields keep their value, null clears it (a brand then inherits the 3PL rule, the 3PL the default).',
  fields: (t) => ({
    kind: t.field({ type: AlertKindEnum, required: true, description: 'The rule.' }),
    brandId: t.id({ required: false, description: "The Brand global ID for a brand's override; omitted: the 3PL rule." }),
    enabled: t.boolean({ required: false, description: 'Turn the rule on or off.' }),
    threshold: t.int({ required: false, description: 'The threshold, a whole number in the unit of the kind (AlertThresholdUnit); rules without a threshold refuse one.' }),
    inherit: t.boolean({ required: false, description: "true on a brand: delete its override of this kind, so the 3PL rule applies. Not with enabled or threshold." }),
  }),
});

builder.mutationField('updateAlertRule', (t) =>
  t.field({
    type: AlertRuleSettingRef,
    authScopes: { manager: true },
    description:
      "Changes the 3PL's rule of a kind or one brand's override. OWNER and ADMIN only. Bad input is BAD_USER_INPUT with one message per field (extensions.fields). " +
      "A brand's alerts are re-evaluated at once, the whole 3PL's within seconds; turning a rule off resolves its open alerts.",
    args: { input: t.arg({ type: UpdateAlertRuleInput, required: true, description: 'The change.' }) },
    resolve: async (_root, args, ctx) => {
      const viewer = viewerOf(ctx);
      const { kind, enabled, threshold, inherit } = args.input;
      const brandId = args.input.brandId == null ? null : await visibleBrandId(viewer, args.input.brandId);
      return answer(() => updateAlertRule(viewer.threePLId, { kind: kind as AlertKindName, brandId, enabled, threshold, inherit }));
    },
  }),
);

// ---- Subscription.alertChanged ----

const AlertEventRef = builder.objectRef<AlertNotice>('AlertEvent').implement({
  description: 'An alert the subscriber may read opened, changed or resolved.',
  fields: (t) => ({
    change: t.field({ type: AlertChangeEnum, description: 'What happened.', resolve: (n) => n.change }),
    sequence: t.string({ description: "The 3PL's alert sequence of this change.", resolve: (n) => n.sequence }),
    alert: t.prismaField({
      type: 'Alert',
      description: 'The alert as it is now.',
      resolve: (query, n) => db.alert.findUniqueOrThrow({ ...query, where: { id: n.alertId } }),
    }),
  }),
});

builder.subscriptionField('alertChanged', (t) =>
  t.field({
    type: AlertEventRef,
    authScopes: { authenticated: true },
    description:
      'An event each time an alert the subscriber may read opens, changes or resolves (the live bell). Pass the last sequence you saw as afterSequence to first get the alerts ' +
      'changed since, each once as it is now (an alert keeps only its latest change); more than 1,000 is RESUME_TOO_OLD: re-read alerts instead.',
    args: {
      brandIds: t.arg.idList({ required: false, description: `Only these brands (Brand global IDs, at most ${MAX_BRAND_IDS}; leaves 3PL-level alerts out); omitted: everything the caller may read.` }),
      afterSequence: t.arg.string({ required: false, description: 'Resume after this sequence (AlertEvent.sequence or Alert.sequence): what changed since is sent first.' }),
    },
    subscribe: async (_root, args, ctx: Context) => {
      const viewer = viewerOf(ctx);
      const brandIds = brandIdsArg(args.brandIds);
      const socket = (ctx as Context & { socket?: WebSocket }).socket ?? null;
      const authorize = async () => {
        const current = ctx.credential ? await viewerFromApiKey(ctx.credential).catch(() => null) : null;
        if (!current || current.threePLId !== viewer.threePLId) throw new GraphQLError('API key is invalid or revoked', { extensions: { code: 'UNAUTHENTICATED' } });
        return current;
      };
      const afterSequence = sequenceArg(args.afterSequence, 'afterSequence');
      return openAlertStream({ threePLId: viewer.threePLId, brandIds, afterSequence, socket, authorize });
    },
    resolve: (notice: AlertNotice) => notice,
  }),
);
