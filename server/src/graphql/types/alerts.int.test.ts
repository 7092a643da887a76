// Alerts over the wire: who may change rules (OWNER/ADMIN) and how bad input reads, what each
// caller sees of the alerts (brand viewers only their brands, 3PL-level alerts for OWNER/ADMIN),
// the bell's unread count and read mark, and alertChanged live, scoped per subscriber.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertHub } from '../../alerts/alert-hub.js';
import { closeAlertPublisher } from '../../alerts/alert-log.js';
import { evaluateBrandAlerts } from '../../alerts/evaluate.js';
import { openThreePLAlert } from '../../alerts/threepl-alerts.js';
import { forgetCachedViewers } from '../../auth/viewer.js';
import { closeAttentionPublisher } from '../../attention/attention-log.js';
import { refreshBrandAttention } from '../../attention/refresh.js';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';
import { closeProducerQueues } from '../../jobs/queues.js';
import { gql, makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { encodeGlobalId as gid } from '../../../test/support/ids.js';
import { record } from '../../../test/support/subscription-recorder.js';

const app = buildApp();
let url: string;

beforeAll(async () => {
  ({ url } = await app.start(0, '127.0.0.1'));
});
afterAll(async () => {
  await app.stop();
  await alertHub.close();
  await closeAlertPublisher();
  await closeAttentionPublisher();
  await closeProducerQueues();
});

async function item(brandId: string, fulfillable: number) {
  const tag = randomUUID().slice(0, 8);
  const now = new Date();
  return db.inventoryItem.create({
    data: {
      brandId, externalId: `inv_${tag}`, sku: `SKU-${tag}`, name: `Item ${tag}`, awaiting: 0, onHand: fulfillable, committed: 0, unfulfillable: 0,
      fulfillable, sellable: fulfillable, rawData: {}, createdAtRemote: now, updatedAtRemote: now,
    },
  });
}

async function evaluate(brandId: string) {
  await refreshBrandAttention(brandId);
  await evaluateBrandAlerts(brandId);
}

const UPDATE = `mutation ($input: UpdateAlertRuleInput!) {
  updateAlertRule(input: $input) { kind enabled threshold thresholdUnit defaultEnabled defaultThreshold overridden description brand { id } }
}`;
const RULES = `query ($b: ID) { alertRules(brandId: $b) { kind enabled threshold thresholdUnit defaultThreshold overridden brand { id } } }`;
const LIST = `query ($status: AlertStatusFilter, $bs: [ID!], $first: Int, $after: String) {
  alerts(status: $status, brandIds: $bs, first: $first, after: $after) {
    edges { cursor node { id kind title detail value threshold sequence unread resolvedAt brand { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const SUMMARY = `query ($bs: [ID!]) { alertSummary(brandIds: $bs) { open unread latestSequence readSequence } }`;
const READ = `mutation ($s: String) { markAlertsRead(upToSequence: $s) { open unread latestSequence readSequence } }`;
const code = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions?.code;

describe('alert rules over GraphQL', () => {
  let t: TenantFixture;
  beforeAll(async () => {
    t = await makeTenant('Rules');
  });

  it('OWNER and ADMIN change rules; OPERATOR and brand viewers are FORBIDDEN', async () => {
    const input = { kind: 'LATE_ORDERS', threshold: 5 };
    const owner = await gql(app.yoga, UPDATE, { input }, t.keys.owner);
    expect(owner.body.errors).toBeUndefined();
    expect(owner.body.data.updateAlertRule).toMatchObject({ kind: 'LATE_ORDERS', enabled: true, threshold: 5, thresholdUnit: 'COUNT', defaultEnabled: true, defaultThreshold: 10, overridden: false, brand: null });
    const admin = await gql(app.yoga, UPDATE, { input: { kind: 'STALE_DATA', brandId: gid('Brand', t.brandA.id), threshold: 30 } }, t.keys.admin);
    expect(admin.body.data.updateAlertRule).toMatchObject({ kind: 'STALE_DATA', threshold: 30, thresholdUnit: 'MINUTES', overridden: true, brand: { id: gid('Brand', t.brandA.id) } });
    expect(code(await gql(app.yoga, UPDATE, { input }, t.keys.operator))).toBe('FORBIDDEN');
    expect(code(await gql(app.yoga, UPDATE, { input }, t.keys.viewer))).toBe('FORBIDDEN');

    const rules = (await gql(app.yoga, RULES, {}, t.keys.operator)).body.data.alertRules;
    expect(rules.map((r: any) => r.kind)).toEqual([
      'CONNECTION_ERROR', 'STALE_DATA', 'SYNC_STALLED', 'WEBHOOK_FAILURES', 'LOW_STOCK', 'STOCK_OUT', 'LATE_ORDERS', 'ORDER_EXCEPTIONS', 'OVERDUE_INBOUND', 'RETURNS_NOT_RESTOCKED', 'WEBHOOKS_SILENT', 'ENDPOINT_DISABLED',
    ]);
    expect(rules.find((r: any) => r.kind === 'LATE_ORDERS')).toMatchObject({ threshold: 5, overridden: false, brand: null });
    expect(rules.find((r: any) => r.kind === 'STALE_DATA')).toMatchObject({ threshold: 120 });
    // The brand's effective rules: its override, the 3PL's rule, the defaults; readable by its viewer.
    const brand = (await gql(app.yoga, RULES, { b: gid('Brand', t.brandA.id) }, t.keys.viewer)).body.data.alertRules;
    expect(brand.find((r: any) => r.kind === 'STALE_DATA')).toMatchObject({ threshold: 30, overridden: true });
    expect(brand.find((r: any) => r.kind === 'LATE_ORDERS')).toMatchObject({ threshold: 5, overridden: false });
    expect(brand.some((r: any) => r.kind === 'ENDPOINT_DISABLED')).toBe(false);
    // The 3PL's rules are for members.
    expect(code(await gql(app.yoga, RULES, {}, t.keys.viewer))).toBe('FORBIDDEN');
    expect(code(await gql(app.yoga, RULES, { b: gid('Brand', t.brandB.id) }, t.keys.viewer))).toBe('NOT_FOUND');

    // inherit deletes the override.
    const inherited = await gql(app.yoga, UPDATE, { input: { kind: 'STALE_DATA', brandId: gid('Brand', t.brandA.id), inherit: true } }, t.keys.owner);
    expect(inherited.body.data.updateAlertRule).toMatchObject({ threshold: 120, overridden: false });
  });

  it('bad input is BAD_USER_INPUT with a message per field', async () => {
    const bad = async (input: Record<string, unknown>) => (await gql(app.yoga, UPDATE, { input }, t.keys.owner)).body.errors?.[0];
    const tooSmall = await bad({ kind: 'STALE_DATA', threshold: 1 });
    expect(tooSmall?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'threshold' }] });
    expect(tooSmall?.message).toBe('The threshold must be a whole number of minutes from 5 to 10080');
    expect((await bad({ kind: 'WEBHOOK_FAILURES', threshold: 150 }))?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await bad({ kind: 'LATE_ORDERS', threshold: 0 }))?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await bad({ kind: 'SYNC_STALLED', threshold: 3 }))?.message).toBe('SYNC_STALLED has no threshold');
    expect((await bad({ kind: 'ENDPOINT_DISABLED', brandId: gid('Brand', t.brandA.id), enabled: false }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'brandId' }] });
    expect((await bad({ kind: 'LOW_STOCK', brandId: gid('Brand', t.brandA.id), inherit: true, threshold: 4 }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'inherit' }] });
    expect((await bad({ kind: 'NOPE' }))?.message).toMatch(/AlertKind/); // refused by GraphQL validation
    expect((await bad({ kind: 'LOW_STOCK', brandId: 'garbage' }))?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("a brand's rule change re-evaluates it at once: turning a rule off resolves its alert", async () => {
    const s = await makeTenant('Toggle');
    await item(s.brandA.id, 0);
    await evaluate(s.brandA.id);
    expect(await db.alert.count({ where: { brandId: s.brandA.id, kind: 'STOCK_OUT', resolvedAt: null } })).toBe(1);
    const res = await gql(app.yoga, UPDATE, { input: { kind: 'STOCK_OUT', brandId: gid('Brand', s.brandA.id), enabled: false } }, s.keys.owner);
    expect(res.body.data.updateAlertRule).toMatchObject({ enabled: false, overridden: true });
    expect(await db.alert.count({ where: { brandId: s.brandA.id, kind: 'STOCK_OUT', resolvedAt: null } })).toBe(0);
  });
});

describe('alert reads', () => {
  let t: TenantFixture;
  let other: TenantFixture;
  beforeAll(async () => {
    t = await makeTenant('Bell');
    other = await makeTenant('Else');
    await item(t.brandA.id, 0); // LOW_STOCK + STOCK_OUT in A
    await item(t.brandB.id, 0); // LOW_STOCK + STOCK_OUT in B
    await item(other.brandA.id, 0);
    for (const b of [t.brandA.id, t.brandB.id, other.brandA.id]) await evaluate(b);
    await openThreePLAlert({ threePLId: t.threePLId, kind: 'ENDPOINT_DISABLED', subject: randomUUID(), title: 'Endpoint disabled', detail: 'It failed for 3 days.' });
  });

  it('members see every brand, OWNER/ADMIN also 3PL-level alerts, a brand viewer only its brands; newest change first, paged', async () => {
    const kindsOf = async (key: string) => {
      const res = await gql(app.yoga, LIST, {}, key);
      expect(res.body.errors).toBeUndefined();
      return res.body.data.alerts.edges.map((e: any) => e.node);
    };
    const owner = await kindsOf(t.keys.owner);
    expect(owner).toHaveLength(5);
    expect(owner[0]).toMatchObject({ kind: 'ENDPOINT_DISABLED', brand: null, title: 'Endpoint disabled', unread: true });
    const seqs = owner.map((n: any) => BigInt(n.sequence));
    expect([...seqs].sort((a, b) => (a > b ? -1 : 1))).toEqual(seqs);
    expect(await kindsOf(t.keys.admin)).toHaveLength(5);
    const operator = await kindsOf(t.keys.operator);
    expect(operator).toHaveLength(4);
    expect(operator.every((n: any) => n.brand !== null)).toBe(true);
    const viewer = await kindsOf(t.keys.viewer);
    expect(viewer.map((n: any) => n.brand.id)).toEqual([gid('Brand', t.brandA.id), gid('Brand', t.brandA.id)]);
    expect(viewer[0].title).toMatch(/^Bell Brand A: 1 SKU (low on|out of) stock$/);
    // Asking for brand B gives a viewer of A nothing; another tenant sees none of these.
    expect((await gql(app.yoga, LIST, { bs: [gid('Brand', t.brandB.id)] }, t.keys.viewer)).body.data.alerts.edges).toEqual([]);
    expect((await kindsOf(other.keys.owner)).every((n: any) => n.title.startsWith('Else'))).toBe(true);

    // Pages of 2, newest first, no repeats; status filters.
    const page1 = (await gql(app.yoga, LIST, { first: 2 }, t.keys.owner)).body.data.alerts;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await gql(app.yoga, LIST, { first: 2, after: page1.pageInfo.endCursor }, t.keys.owner)).body.data.alerts;
    expect([...page1.edges, ...page2.edges].map((e: any) => e.node.id)).toEqual(owner.slice(0, 4).map((n: any) => n.id));
    expect(code(await gql(app.yoga, LIST, { first: 2, after: page1.pageInfo.endCursor, status: 'OPEN' }, t.keys.owner))).toBe('BAD_USER_INPUT');
    expect(code(await gql(app.yoga, LIST, { first: 2, after: 'garbage' }, t.keys.owner))).toBe('BAD_USER_INPUT');
    expect((await gql(app.yoga, LIST, { status: 'RESOLVED' }, t.keys.owner)).body.data.alerts.edges).toEqual([]);
    expect((await gql(app.yoga, LIST, { status: 'OPEN' }, t.keys.owner)).body.data.alerts.edges).toHaveLength(5);
  });

  it('node(id) of an alert is scoped like the list', async () => {
    const endpointAlert = await db.alert.findFirstOrThrow({ where: { threePLId: t.threePLId, brandId: null } });
    const brandB = await db.alert.findFirstOrThrow({ where: { brandId: t.brandB.id } });
    const brandA = await db.alert.findFirstOrThrow({ where: { brandId: t.brandA.id } });
    const node = async (id: string, key: string) => (await gql(app.yoga, 'query ($id: ID!) { node(id: $id) { id ... on Alert { kind } } }', { id: gid('Alert', id) }, key)).body.data?.node;
    expect(await node(endpointAlert.id, t.keys.admin)).toMatchObject({ kind: 'ENDPOINT_DISABLED' });
    expect(await node(endpointAlert.id, t.keys.operator)).toBeNull();
    expect(await node(endpointAlert.id, t.keys.viewer)).toBeNull();
    expect(await node(brandB.id, t.keys.viewer)).toBeNull();
    expect(await node(brandA.id, t.keys.viewer)).toMatchObject({ id: gid('Alert', brandA.id) });
    expect(await node(brandA.id, other.keys.owner)).toBeNull();
  });

  it('alertSummary counts what the caller may read; markAlertsRead moves its own read mark only', async () => {
    const summary = async (key: string, bs?: string[]) => (await gql(app.yoga, SUMMARY, bs ? { bs } : {}, key)).body.data.alertSummary;
    expect(await summary(t.keys.owner)).toMatchObject({ open: 5, unread: 5, readSequence: '0', latestSequence: '5' });
    expect(await summary(t.keys.operator)).toMatchObject({ open: 4, unread: 4 });
    expect(await summary(t.keys.viewer)).toMatchObject({ open: 2, unread: 2 });
    expect(await summary(t.keys.viewer, [gid('Brand', t.brandB.id)])).toMatchObject({ open: 0, unread: 0, latestSequence: '0' });

    const viewerSeqs = (await gql(app.yoga, LIST, {}, t.keys.viewer)).body.data.alerts.edges.map((e: any) => e.node.sequence);
    const older = viewerSeqs[1];
    const marked = (await gql(app.yoga, READ, { s: older }, t.keys.viewer)).body.data.markAlertsRead;
    expect(marked).toMatchObject({ readSequence: older, unread: 1 });
    const unread = (await gql(app.yoga, LIST, {}, t.keys.viewer)).body.data.alerts.edges.map((e: any) => e.node.unread);
    expect(unread).toEqual([true, false]);
    // Never backwards; null reads everything; the owner's mark is untouched.
    expect((await gql(app.yoga, READ, { s: '0' }, t.keys.viewer)).body.data.markAlertsRead.readSequence).toBe(older);
    expect((await gql(app.yoga, READ, {}, t.keys.viewer)).body.data.markAlertsRead).toMatchObject({ unread: 0, readSequence: '5' });
    expect(await summary(t.keys.owner)).toMatchObject({ unread: 5, readSequence: '0' });
    expect(code(await gql(app.yoga, READ, { s: 'abc' }, t.keys.viewer))).toBe('BAD_USER_INPUT');
    // A mark past the head is clamped to it.
    expect((await gql(app.yoga, READ, { s: '999999' }, t.keys.owner)).body.data.markAlertsRead).toMatchObject({ unread: 0, readSequence: '5' });
  });
});

const CHANGED = `subscription ($bs: [ID!]) { alertChanged(brandIds: $bs) { change sequence alert { id kind title resolvedAt brand { id } } } }`;

/** Until the hub has the subscribers' channel: alertChanged has no replay, so earlier notices would be missed. */
async function listening(n: number) {
  for (let i = 0; i < 250 && alertHub.listenerCount < n; i++) await new Promise((r) => setTimeout(r, 20));
  expect(alertHub.listenerCount).toBeGreaterThanOrEqual(n);
}

describe('alertChanged', () => {
  it('delivers OPENED then RESOLVED live; a brand viewer gets only its brand, never 3PL-level alerts', async () => {
    const s = await makeTenant('Live');
    const before = alertHub.listenerCount;
    const owner = record(url, s.keys.owner, CHANGED, {});
    const viewer = record(url, s.keys.viewer, CHANGED, {});
    await listening(before + 2);

    await item(s.brandB.id, 0);
    await evaluate(s.brandB.id); // the viewer (of brand A) must never get these
    await openThreePLAlert({ threePLId: s.threePLId, kind: 'ENDPOINT_DISABLED', subject: randomUUID(), title: 'Endpoint disabled', detail: 'x' });
    const out = await item(s.brandA.id, 0);
    await evaluate(s.brandA.id);
    await db.inventoryItem.update({ where: { id: out.id }, data: { fulfillable: 500 } });
    await evaluate(s.brandA.id);

    const events = await viewer.waitFor(4);
    expect(events.map((e) => [e.change, e.alert.brand.id])).toEqual([
      ['OPENED', gid('Brand', s.brandA.id)],
      ['OPENED', gid('Brand', s.brandA.id)],
      ['RESOLVED', gid('Brand', s.brandA.id)],
      ['RESOLVED', gid('Brand', s.brandA.id)],
    ]);
    const opened = events.find((e) => e.change === 'OPENED' && e.alert.kind === 'STOCK_OUT')!;
    const resolved = events.find((e) => e.change === 'RESOLVED' && e.alert.kind === 'STOCK_OUT')!;
    expect(resolved.alert.id).toBe(opened.alert.id);
    expect(resolved.alert.resolvedAt).not.toBeNull();
    expect(BigInt(resolved.sequence)).toBeGreaterThan(BigInt(opened.sequence));

    const all = await owner.waitFor(7);
    expect(all.map((e) => e.change)).toEqual(['OPENED', 'OPENED', 'OPENED', 'OPENED', 'OPENED', 'RESOLVED', 'RESOLVED']);
    expect(all.filter((e) => e.alert.brand === null).map((e) => e.alert.kind)).toEqual(['ENDPOINT_DISABLED']);
    await new Promise((r) => setTimeout(r, 200));
    expect(viewer.events).toHaveLength(4);
    await viewer.dispose();
    await owner.dispose();
  });

  it('afterSequence replays what changed since, each alert once as it is now, then goes live; only what the subscriber may read', async () => {
    const s = await makeTenant('Resume');
    const out = await item(s.brandA.id, 0);
    await evaluate(s.brandA.id); // STOCK_OUT and LOW_STOCK open: sequences 1 and 2
    const seen = (await db.threePL.findUniqueOrThrow({ where: { id: s.threePLId }, select: { alertSeq: true } })).alertSeq;
    await item(s.brandB.id, 0);
    await evaluate(s.brandB.id); // brand B's open after the mark (the viewer of A must not get them)
    await db.inventoryItem.update({ where: { id: out.id }, data: { fulfillable: 500 } });
    await evaluate(s.brandA.id); // brand A's resolve

    const RESUME = `subscription ($after: String) { alertChanged(afterSequence: $after) { change sequence alert { kind brand { id } } } }`;
    const owner = record(url, s.keys.owner, RESUME, { after: seen.toString() });
    const viewer = record(url, s.keys.viewer, RESUME, { after: seen.toString() });
    const replayed = await owner.waitFor(4);
    expect(replayed.map((e) => [e.change, e.alert.brand.id === gid('Brand', s.brandA.id) ? 'A' : 'B']).sort()).toEqual([['OPENED', 'B'], ['OPENED', 'B'], ['RESOLVED', 'A'], ['RESOLVED', 'A']]);
    const sequences = replayed.map((e) => BigInt(e.sequence));
    expect(sequences.every((q, i) => i === 0 || q > sequences[i - 1])).toBe(true);
    expect(sequences.every((q) => q > seen)).toBe(true);
    expect((await viewer.waitFor(2)).map((e) => e.change)).toEqual(['RESOLVED', 'RESOLVED']);

    // Then live, with nothing replayed twice.
    await item(s.brandA.id, 0);
    await evaluate(s.brandA.id);
    const live = await owner.waitFor(6);
    expect(live.slice(4).map((e) => e.change)).toEqual(['OPENED', 'OPENED']);
    await new Promise((r) => setTimeout(r, 200));
    expect(owner.events).toHaveLength(6);

    const bad = record(url, s.keys.owner, RESUME, { after: 'yesterday' });
    await bad.ended();
    expect(JSON.stringify(bad.errors)).toContain('BAD_USER_INPUT');
    await Promise.all([owner.dispose(), viewer.dispose(), bad.dispose()]);
  });

  it('brandIds narrows the stream, and a key revoked mid-stream ends it', async () => {
    const s = await makeTenant('Narrow');
    const before = alertHub.listenerCount;
    const onlyB = record(url, s.keys.operator, CHANGED, { bs: [gid('Brand', s.brandB.id)] });
    await listening(before + 1);
    await item(s.brandA.id, 0);
    await evaluate(s.brandA.id);
    await item(s.brandB.id, 0);
    await evaluate(s.brandB.id);
    const events = await onlyB.waitFor(2);
    expect(events.every((e) => e.alert.brand.id === gid('Brand', s.brandB.id))).toBe(true);

    await db.apiKey.updateMany({ where: { threePLId: s.threePLId, name: 'OPERATOR key' }, data: { revokedAt: new Date() } });
    forgetCachedViewers(); // as revokeApiKey does in its process
    await item(s.brandB.id, 0);
    await evaluate(s.brandB.id);
    await onlyB.ended();
    expect(JSON.stringify(onlyB.errors)).toContain('UNAUTHENTICATED');
    await onlyB.dispose();
  });
});
