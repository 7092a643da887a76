// The team over GraphQL: invitations (one-time, expiring, revocable links that issue a first key
// with no key of their own), roles and their rules (only OWNER/ADMIN manage, an ADMIN never acts on
// an OWNER, the last OWNER stays), brand viewers' brands, key management, brand rename/archive,
// and the audit trail of each change.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';
import { addUser } from '../../services/tenants.js';
import { gql, makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { seedBrandData } from '../../../test/support/seed.js';

const app = buildApp();
afterAll(() => app.stop());

const INVITE = `mutation ($email: String!, $role: TeamRole!, $brandIds: [ID!]) {
  inviteMember(email: $email, role: $role, brandIds: $brandIds) { url invitation { id email role status expiresAt brands { id } invitedBy { email } } }
}`;
const ACCEPT = 'mutation ($token: String!, $name: String!) { acceptInvitation(token: $token, name: $name) { key userId role threePLName } }';
const REVOKE_INVITATION = 'mutation ($id: ID!) { revokeInvitation(id: $id) { id status revokedAt } }';
const MEMBERS = '{ members { userId email name role you brands { id } apiKeys { id prefix lastUsedAt } } }';
const SET_ROLE = 'mutation ($u: ID!, $r: MembershipRole!) { updateMemberRole(userId: $u, role: $r) { userId role } }';
const REMOVE = 'mutation ($u: ID!) { removeMember(userId: $u) }';
const GRANT = 'mutation ($u: ID!, $b: [ID!]!) { grantBrandAccess(userId: $u, brandIds: $b) { userId role brands { id } } }';
const REVOKE_ACCESS = 'mutation ($u: ID!, $b: [ID!]!) { revokeBrandAccess(userId: $u, brandIds: $b) { userId brands { id } } }';
const REVOKE_KEY = 'mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }';
const CREATE_KEY = 'mutation ($u: ID, $n: String!) { createApiKey(input: { name: $n, userId: $u }) { key apiKey { id user { email } } } }';

const brandGid = (id: string) => encodeGlobalID('Brand', id);
const codeOf = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions?.code;
const tokenOf = (url: string) => url.split('/invite/')[1]!;
let tags = 0;
const email = (label: string) => `${label.toLowerCase()}-${++tags}-${Date.now()}@example.test`;

async function userIdOf(key: string): Promise<string> {
  const res = await gql(app.yoga, '{ viewer { userId } }', {}, key);
  return res.body.data.viewer.userId;
}

async function invite(key: string, vars: Record<string, unknown>) {
  const res = await gql(app.yoga, INVITE, vars, key);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.inviteMember as { url: string; invitation: { id: string; status: string; role: string; brands: { id: string }[] } };
}

let t: TenantFixture;
let other: TenantFixture;
let ids: { owner: string; admin: string; operator: string; viewer: string };

beforeAll(async () => {
  t = await makeTenant('Team');
  other = await makeTenant('TeamOther');
  ids = { owner: await userIdOf(t.keys.owner), admin: await userIdOf(t.keys.admin), operator: await userIdOf(t.keys.operator), viewer: await userIdOf(t.keys.viewer) };
});

describe('invitations', () => {
  it('an owner invites; the link, opened with no key, creates the member and issues their first key once', async () => {
    const address = email('Op');
    const sent = await invite(t.keys.owner, { email: `  ${address.toUpperCase()} `, role: 'OPERATOR' });
    expect(sent.url).toMatch(/^http:\/\/packr\.test\/invite\/inv_[A-Za-z0-9_-]{40}$/);
    expect(sent.invitation).toMatchObject({ email: address, role: 'OPERATOR', status: 'PENDING' });
    // Only a hash is stored: the token appears nowhere in the database row.
    const row = await db.invitation.findFirstOrThrow({ where: { email: address } });
    expect(JSON.stringify(row)).not.toContain(tokenOf(sent.url));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(6.9 * 86_400_000);

    const accepted = await gql(app.yoga, ACCEPT, { token: tokenOf(sent.url), name: '  Ada Lovelace ' }, null);
    expect(accepted.body.errors, JSON.stringify(accepted.body.errors)).toBeUndefined();
    const { key, role, threePLName } = accepted.body.data.acceptInvitation;
    expect(role).toBe('OPERATOR');
    expect(threePLName).toMatch(/^Team 3PL/);
    const me = await gql(app.yoga, '{ viewer { role threePLId } }', {}, key);
    expect(me.body.data.viewer).toEqual({ role: 'OPERATOR', threePLId: t.threePLId });

    const members = await gql(app.yoga, MEMBERS, {}, t.keys.admin);
    const joined = members.body.data.members.find((m: { email: string }) => m.email === address);
    expect(joined).toMatchObject({ name: 'Ada Lovelace', role: 'OPERATOR', you: false, brands: [] });
    expect(joined.apiKeys).toHaveLength(1);
    expect(key.startsWith(joined.apiKeys[0].prefix)).toBe(true);
    expect(JSON.stringify(members.body)).not.toContain(key);

    // Single use.
    const again = await gql(app.yoga, ACCEPT, { token: tokenOf(sent.url), name: 'Mallory' }, null);
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect(again.body.errors![0]!.message).toMatch(/already been used/);

    const entries = await db.auditLog.findMany({ where: { threePLId: t.threePLId, recordType: 'INVITATION', recordId: row.id }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => e.event)).toEqual(['inviteMember', 'acceptInvitation']);
  });

  it('refuses an expired, a revoked, a replaced and an unknown link', async () => {
    const expired = await invite(t.keys.owner, { email: email('late'), role: 'OPERATOR' });
    await db.invitation.update({ where: { id: decodeId(expired.invitation.id) }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const late = await gql(app.yoga, ACCEPT, { token: tokenOf(expired.url), name: 'Late' }, null);
    expect(codeOf(late)).toBe('BAD_USER_INPUT');
    expect(late.body.errors![0]!.message).toMatch(/expired/);

    const revoked = await invite(t.keys.owner, { email: email('rev'), role: 'ADMIN' });
    const r = await gql(app.yoga, REVOKE_INVITATION, { id: revoked.invitation.id }, t.keys.admin);
    expect(r.body.data.revokeInvitation.status).toBe('REVOKED');
    const refused = await gql(app.yoga, ACCEPT, { token: tokenOf(revoked.url), name: 'Rev' }, null);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.body.errors![0]!.message).toMatch(/revoked/);

    const address = email('twice');
    const first = await invite(t.keys.owner, { email: address, role: 'OPERATOR' });
    const second = await invite(t.keys.admin, { email: address, role: 'OPERATOR' });
    expect(codeOf(await gql(app.yoga, ACCEPT, { token: tokenOf(first.url), name: 'Old link' }, null))).toBe('BAD_USER_INPUT');
    expect((await gql(app.yoga, ACCEPT, { token: tokenOf(second.url), name: 'New link' }, null)).body.data.acceptInvitation.role).toBe('OPERATOR');

    const unknown = await gql(app.yoga, ACCEPT, { token: `inv_${'x'.repeat(40)}`, name: 'Nobody' }, null);
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    expect(codeOf(await gql(app.yoga, ACCEPT, { token: 'garbage', name: 'Nobody' }, null))).toBe('NOT_FOUND');
  });

  it('validates input: email, existing members, brand viewers need brands of this 3PL', async () => {
    expect(codeOf(await gql(app.yoga, INVITE, { email: 'not-an-email', role: 'OPERATOR' }, t.keys.owner))).toBe('BAD_USER_INPUT');
    const existing = await db.user.findUniqueOrThrow({ where: { id: ids.operator } });
    const dup = await gql(app.yoga, INVITE, { email: existing.email.toUpperCase(), role: 'ADMIN' }, t.keys.owner);
    expect(codeOf(dup)).toBe('BAD_USER_INPUT');
    expect(dup.body.errors![0]!.message).toMatch(/already on this team/);
    const viewerEmail = (await db.user.findUniqueOrThrow({ where: { id: ids.viewer } })).email;
    expect(codeOf(await gql(app.yoga, INVITE, { email: viewerEmail, role: 'BRAND_VIEWER', brandIds: [brandGid(t.brandB.id)] }, t.keys.owner))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(app.yoga, INVITE, { email: email('nobrands'), role: 'BRAND_VIEWER' }, t.keys.owner))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(app.yoga, INVITE, { email: email('membrands'), role: 'OPERATOR', brandIds: [brandGid(t.brandA.id)] }, t.keys.owner))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(app.yoga, INVITE, { email: email('foreign'), role: 'BRAND_VIEWER', brandIds: [brandGid(other.brandA.id)] }, t.keys.owner))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app.yoga, ACCEPT, { token: `inv_${'y'.repeat(40)}`, name: ' ' }, null))).toBe('BAD_USER_INPUT');
  });

  it('a brand viewer invitation admits to its brands only', async () => {
    const sent = await invite(t.keys.admin, { email: email('bv'), role: 'BRAND_VIEWER', brandIds: [brandGid(t.brandB.id)] });
    expect(sent.invitation.brands).toEqual([{ id: brandGid(t.brandB.id) }]);
    const accepted = await gql(app.yoga, ACCEPT, { token: tokenOf(sent.url), name: 'Brand staff' }, null);
    const key = accepted.body.data.acceptInvitation.key;
    expect(accepted.body.data.acceptInvitation.role).toBe('BRAND_VIEWER');
    const brands = await gql(app.yoga, '{ brands { id } }', {}, key);
    expect(brands.body.data.brands).toEqual([{ id: brandGid(t.brandB.id) }]);
  });

  it('only acceptInvitation goes without a key', async () => {
    expect((await gql(app.yoga, '{ brands { id } }', {}, null)).status).toBe(401);
    const mixed = await gql(app.yoga, `mutation { acceptInvitation(token: "inv_${'z'.repeat(40)}", name: "x") { key } createBrand(input: { name: "sneaky" }) { id } }`, {}, null);
    expect(mixed.status).toBe(401);
    // A key sent along must still be valid.
    const bad = await gql(app.yoga, ACCEPT, { token: `inv_${'z'.repeat(40)}`, name: 'x' }, 'pk_AAAAAAAA_' + 'A'.repeat(32));
    expect(bad.status).toBe(401);
  });
});

/** A fresh member of tenant t with the given role; returns their user id and key. */
async function freshMember(role: 'OWNER' | 'ADMIN' | 'OPERATOR' | null, brandIds?: string[]) {
  const added = await addUser({ threePLId: t.threePLId, email: email(role ?? 'viewer'), role, brandIds });
  return added;
}

describe('roles', () => {
  it('only OWNER and ADMIN manage; another tenant reads as not found', async () => {
    const target = await freshMember('OPERATOR');
    for (const key of [t.keys.operator, t.keys.viewer]) {
      expect(codeOf(await gql(app.yoga, MEMBERS, {}, key))).toBe('FORBIDDEN');
      expect(codeOf(await gql(app.yoga, SET_ROLE, { u: target.userId, r: 'ADMIN' }, key))).toBe('FORBIDDEN');
      expect(codeOf(await gql(app.yoga, REMOVE, { u: target.userId }, key))).toBe('FORBIDDEN');
      expect(codeOf(await gql(app.yoga, INVITE, { email: email('x'), role: 'OPERATOR' }, key))).toBe('FORBIDDEN');
      expect(codeOf(await gql(app.yoga, GRANT, { u: ids.viewer, b: [brandGid(t.brandB.id)] }, key))).toBe('FORBIDDEN');
    }
    expect(codeOf(await gql(app.yoga, SET_ROLE, { u: target.userId, r: 'ADMIN' }, other.keys.owner))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app.yoga, REMOVE, { u: target.userId }, other.keys.owner))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app.yoga, GRANT, { u: ids.viewer, b: [brandGid(t.brandB.id)] }, other.keys.owner))).toBe('NOT_FOUND');
    const promoted = await gql(app.yoga, SET_ROLE, { u: target.userId, r: 'ADMIN' }, t.keys.admin);
    expect(promoted.body.data.updateMemberRole).toEqual({ userId: target.userId, role: 'ADMIN' });
    expect((await gql(app.yoga, '{ viewer { role } }', {}, target.apiKey)).body.data.viewer.role).toBe('ADMIN');
    const audit = await db.auditLog.findFirstOrThrow({ where: { threePLId: t.threePLId, event: 'updateMemberRole', recordId: target.userId } });
    expect(audit).toMatchObject({ source: 'USER', recordType: 'MEMBER', actorUserId: ids.admin, changes: { role: ['OPERATOR', 'ADMIN'] } });
  });

  it('an ADMIN cannot remove, demote or touch the keys of an OWNER, nor make or invite an OWNER', async () => {
    const owner = await freshMember('OWNER');
    const operator = await freshMember('OPERATOR');
    expect(codeOf(await gql(app.yoga, SET_ROLE, { u: owner.userId, r: 'OPERATOR' }, t.keys.admin))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app.yoga, REMOVE, { u: owner.userId }, t.keys.admin))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app.yoga, SET_ROLE, { u: operator.userId, r: 'OWNER' }, t.keys.admin))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app.yoga, INVITE, { email: email('own'), role: 'OWNER' }, t.keys.admin))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app.yoga, REVOKE_KEY, { id: encodeGlobalID('ApiKey', owner.apiKeyId) }, t.keys.admin))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app.yoga, CREATE_KEY, { u: owner.userId, n: 'for the owner' }, t.keys.admin))).toBe('FORBIDDEN');
    expect((await gql(app.yoga, '{ viewer { role } }', {}, owner.apiKey)).body.data.viewer.role).toBe('OWNER');
    // An OWNER may do all of it.
    const key = await gql(app.yoga, CREATE_KEY, { u: operator.userId, n: 'for the operator' }, t.keys.admin);
    expect(key.body.data.createApiKey.apiKey.user.email).toMatch(/^operator-/);
    expect((await gql(app.yoga, '{ viewer { role } }', {}, key.body.data.createApiKey.key)).body.data.viewer.role).toBe('OPERATOR');
    expect((await gql(app.yoga, SET_ROLE, { u: owner.userId, r: 'ADMIN' }, t.keys.owner)).body.data.updateMemberRole.role).toBe('ADMIN');
    expect((await gql(app.yoga, REMOVE, { u: owner.userId }, t.keys.owner)).body.data.removeMember).toBe(owner.userId);
  });

  it('the last OWNER can neither leave nor be demoted', async () => {
    const solo = await makeTenant('Solo');
    const soloOwner = await userIdOf(solo.keys.owner);
    const demote = await gql(app.yoga, SET_ROLE, { u: soloOwner, r: 'ADMIN' }, solo.keys.owner);
    expect(codeOf(demote)).toBe('BAD_USER_INPUT');
    expect(demote.body.errors![0]!.message).toMatch(/last OWNER/);
    expect(codeOf(await gql(app.yoga, REMOVE, { u: soloOwner }, solo.keys.owner))).toBe('BAD_USER_INPUT');
    // With a second OWNER the first may leave, and then the second is the last.
    const adminId = await userIdOf(solo.keys.admin);
    await gql(app.yoga, SET_ROLE, { u: adminId, r: 'OWNER' }, solo.keys.owner);
    expect((await gql(app.yoga, REMOVE, { u: soloOwner }, solo.keys.owner)).body.data.removeMember).toBe(soloOwner);
    expect((await gql(app.yoga, '{ viewer { role } }', {}, solo.keys.owner)).status).toBe(401);
    expect(codeOf(await gql(app.yoga, REMOVE, { u: adminId }, solo.keys.admin))).toBe('BAD_USER_INPUT');
  });

  it('removing a member revokes all their keys', async () => {
    const gone = await freshMember('OPERATOR');
    const second = await gql(app.yoga, CREATE_KEY, { u: gone.userId, n: 'second' }, t.keys.owner);
    expect((await gql(app.yoga, REMOVE, { u: gone.userId }, t.keys.admin)).body.errors).toBeUndefined();
    for (const key of [gone.apiKey, second.body.data.createApiKey.key]) expect((await gql(app.yoga, '{ viewer { role } }', {}, key)).status).toBe(401);
    expect(await db.apiKey.count({ where: { userId: gone.userId, revokedAt: null } })).toBe(0);
    const members = await gql(app.yoga, MEMBERS, {}, t.keys.owner);
    expect(members.body.data.members.map((m: { userId: string }) => m.userId)).not.toContain(gone.userId);
  });
});

describe('brand access', () => {
  it('grants and revokes a brand viewer\'s brands; the last one stays; members are not brand viewers', async () => {
    const bv = await freshMember(null, [t.brandA.id]);
    const granted = await gql(app.yoga, GRANT, { u: bv.userId, b: [brandGid(t.brandB.id)] }, t.keys.admin);
    expect(granted.body.data.grantBrandAccess.brands.map((b: { id: string }) => b.id).sort()).toEqual([brandGid(t.brandA.id), brandGid(t.brandB.id)].sort());
    expect((await gql(app.yoga, '{ brands { id } }', {}, bv.apiKey)).body.data.brands).toHaveLength(2);
    const revoked = await gql(app.yoga, REVOKE_ACCESS, { u: bv.userId, b: [brandGid(t.brandA.id)] }, t.keys.owner);
    expect(revoked.body.data.revokeBrandAccess.brands).toEqual([{ id: brandGid(t.brandB.id) }]);
    expect((await gql(app.yoga, 'query ($id: ID!) { brand(id: $id) { id } }', { id: brandGid(t.brandA.id) }, bv.apiKey)).body.data.brand).toBeNull();
    expect(codeOf(await gql(app.yoga, REVOKE_ACCESS, { u: bv.userId, b: [brandGid(t.brandB.id)] }, t.keys.owner))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(app.yoga, GRANT, { u: ids.operator, b: [brandGid(t.brandB.id)] }, t.keys.owner))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(app.yoga, GRANT, { u: bv.userId, b: [brandGid(other.brandA.id)] }, t.keys.owner))).toBe('NOT_FOUND');
  });
});

describe('brands', () => {
  it('renames a brand (unique within the 3PL); OWNER and ADMIN only', async () => {
    const UPDATE = 'mutation ($b: ID!, $n: String!) { updateBrand(brandId: $b, name: $n) { id name } }';
    const brand = await db.brand.create({ data: { name: `Rename me ${Date.now()}`, threePLId: t.threePLId } });
    const res = await gql(app.yoga, UPDATE, { b: brandGid(brand.id), n: '  Renamed brand ' }, t.keys.admin);
    expect(res.body.data.updateBrand).toEqual({ id: brandGid(brand.id), name: 'Renamed brand' });
    expect(codeOf(await gql(app.yoga, UPDATE, { b: brandGid(brand.id), n: t.brandA.name }, t.keys.owner))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(app.yoga, UPDATE, { b: brandGid(brand.id), n: '' }, t.keys.owner))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(app.yoga, UPDATE, { b: brandGid(brand.id), n: 'x' }, t.keys.operator))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app.yoga, UPDATE, { b: brandGid(brand.id), n: 'x' }, other.keys.owner))).toBe('NOT_FOUND');
    const entry = await db.auditLog.findFirstOrThrow({ where: { brandId: brand.id, event: 'updateBrand' } });
    expect(entry.changes).toEqual({ name: [brand.name, 'Renamed brand'] });
  });

  it('archiving hides a brand from lists and keeps its data', async () => {
    const brand = await db.brand.create({ data: { name: `Archive me ${Date.now()}`, threePLId: t.threePLId } });
    const data = await seedBrandData(brand.id);
    const ARCHIVE = 'mutation ($b: ID!) { archiveBrand(brandId: $b) { id archivedAt } }';
    expect(codeOf(await gql(app.yoga, ARCHIVE, { b: brandGid(brand.id) }, t.keys.operator))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app.yoga, ARCHIVE, { b: brandGid(brand.id) }, other.keys.owner))).toBe('NOT_FOUND');
    const res = await gql(app.yoga, ARCHIVE, { b: brandGid(brand.id) }, t.keys.owner);
    expect(res.body.data.archiveBrand.archivedAt).toBeTruthy();
    const listed = await gql(app.yoga, '{ brands { id } }', {}, t.keys.owner);
    expect(listed.body.data.brands.map((b: { id: string }) => b.id)).not.toContain(brandGid(brand.id));
    const all = await gql(app.yoga, '{ brands(includeArchived: true) { id archivedAt } }', {}, t.keys.owner);
    expect(all.body.data.brands.map((b: { id: string }) => b.id)).toContain(brandGid(brand.id));
    // Its data stays readable by brand id.
    const orders = await gql(app.yoga, 'query ($b: ID!) { orders(brandId: $b, first: 10) { edges { node { id } } } }', { b: brandGid(brand.id) }, t.keys.owner);
    expect(orders.body.data.orders.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(encodeGlobalID('Order', data.orderId));
    // Archiving again is harmless.
    expect((await gql(app.yoga, ARCHIVE, { b: brandGid(brand.id) }, t.keys.admin)).body.data.archiveBrand.archivedAt).toBe(res.body.data.archiveBrand.archivedAt);
    expect(await db.auditLog.count({ where: { brandId: brand.id, event: 'archiveBrand' } })).toBe(1);
  });
});

function decodeId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1]!;
}
