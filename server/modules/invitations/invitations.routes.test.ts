import { and, eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  groupMemberships,
  groups,
  invitations,
  users,
} from '../../db/schema/index.ts';
import { hashToken } from '../../lib/tokens.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, createUser, signInAs, type SignedIn } from '../../test/users.ts';

let t: TestContext;
let admin: SignedIn;
/** Facilitates `home`. */
let facA: SignedIn;
/** Facilitates `elsewhere` only. */
let facB: SignedIn;
let member: SignedIn;
let home: typeof groups.$inferSelect;
let elsewhere: typeof groups.$inferSelect;

const as = (who: SignedIn | null, opts: InjectOptions) =>
  who ? who.request(opts) : t.app.inject(opts);
const post = (who: SignedIn | null, url: string, payload: object) =>
  as(who, { method: 'POST', url, payload });

const staff = (role: 'admin' | 'facilitator') =>
  createSignedIn(t, { role, totpEnabledAt: t.clock.now() });

async function makeGroup(name: string, facilitators: SignedIn[], members: SignedIn[] = []) {
  const [g] = await t.database.db
    .insert(groups)
    .values({ slug: name.toLowerCase().replace(/\s+/g, '-'), name, isOpen: false })
    .returning();
  const rows = [
    ...facilitators.map((p) => ({
      groupId: g!.id,
      userId: p.user.id,
      role: 'facilitator' as const,
    })),
    ...members.map((p) => ({ groupId: g!.id, userId: p.user.id, role: 'member' as const })),
  ].map((r) => ({ ...r, status: 'active' as const }));
  if (rows.length) await t.database.db.insert(groupMemberships).values(rows);
  return g!;
}

/** Invites and answers the token from the email that was sent. */
async function invite(who: SignedIn, body: object) {
  const res = await post(who, '/api/invitations', body);
  expect(res.statusCode, res.body).toBe(201);
  const email = t.mailer.lastTo((body as { email: string }).email.toLowerCase());
  const token = decodeURIComponent(/\/invitations\/([^\s]+)/.exec(email!.text)![1]!);
  return { view: res.json(), token, email: email! };
}

async function audit(action: string, resourceId: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.resourceId, resourceId)));
}

async function userByEmail(email: string) {
  const [row] = await t.database.db.select().from(users).where(eq(users.email, email));
  return row;
}

async function membership(groupId: string, userId: string) {
  const [row] = await t.database.db
    .select()
    .from(groupMemberships)
    .where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.userId, userId)));
  return row;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await staff('admin');
  facA = await staff('facilitator');
  facB = await staff('facilitator');
  member = await createSignedIn(t);
  home = await makeGroup('Home Group', [facA], [member]);
  elsewhere = await makeGroup('Elsewhere', [facB]);
});
afterAll(() => t.close());

describe('inviting', () => {
  it('stores only a hash of the link, audits it, and emails who invited and to what, without the group', async () => {
    const { view, token, email } = await invite(admin, {
      email: 'New.Person@Example.org',
      role: 'facilitator',
      groupSlug: home.slug,
    });
    expect(view).toMatchObject({
      email: 'new.person@example.org',
      role: 'facilitator',
      group: { slug: home.slug, name: 'Home Group' },
      invitedBy: admin.user.displayName,
    });
    const [row] = await t.database.db.select().from(invitations).where(eq(invitations.id, view.id));
    expect(row!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(7 * 24 * 3600 * 1000);
    expect(await audit('invitation.created', view.id)).toHaveLength(1);
    expect(email.text).toContain(admin.user.displayName);
    expect(email.text).toContain('facilitator of a group');
    expect(email.text + email.subject).not.toContain('Home Group');
  });

  it('writes to an existing person in their language', async () => {
    const hablante = await createUser(t, { locale: 'es' });
    const { email } = await invite(admin, { email: hablante.email!, role: 'admin' });
    expect(email.language).toBe('es');
    expect(email.text).toContain('administrar Iconocast');
  });

  it('names the field when the group is missing or the role unknown', async () => {
    const noGroup = await post(admin, '/api/invitations', {
      email: 'a@example.org',
      role: 'facilitator',
    });
    expect(noGroup.statusCode).toBe(400);
    expect(noGroup.json().error.details[0].field).toBe('body.groupSlug');
    const badRole = await post(admin, '/api/invitations', {
      email: 'a@example.org',
      role: 'owner',
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.details[0].field).toBe('body.role');
  });

  it('lets only admins invite admins', async () => {
    for (const who of [facA, member]) {
      const res = await post(who, '/api/invitations', { email: 'boss@example.org', role: 'admin' });
      expect(res.statusCode).toBe(403);
    }
    expect(t.mailer.lastTo('boss@example.org')).toBeUndefined();
  });

  it('lets a facilitator invite co-facilitators to their own group only', async () => {
    await invite(facA, { email: 'co@example.org', role: 'facilitator', groupSlug: home.slug });
    const there = await post(facA, '/api/invitations', {
      email: 'co2@example.org',
      role: 'facilitator',
      groupSlug: elsewhere.slug,
    });
    expect(there.statusCode).toBe(403);
    const byMember = await post(member, '/api/invitations', {
      email: 'co3@example.org',
      role: 'facilitator',
      groupSlug: home.slug,
    });
    expect(byMember.statusCode).toBe(403);
  });

  it('lists pending invitations to admins, and a group’s to its facilitators', async () => {
    const all = await as(admin, { method: 'GET', url: '/api/invitations' });
    expect(all.statusCode).toBe(200);
    expect(all.json().invitations.map((i: { email: string }) => i.email)).toContain(
      'co@example.org',
    );
    const mine = await as(facA, { method: 'GET', url: `/api/invitations?groupSlug=${home.slug}` });
    expect(mine.statusCode).toBe(200);
    expect(
      mine.json().invitations.every((i: { group: { slug: string } }) => i.group.slug === home.slug),
    ).toBe(true);
    expect((await as(facA, { method: 'GET', url: '/api/invitations' })).statusCode).toBe(403);
    const notTheirs = await as(facB, {
      method: 'GET',
      url: `/api/invitations?groupSlug=${home.slug}`,
    });
    expect(notTheirs.statusCode).toBe(403);
  });
});

describe('accepting', () => {
  it('creates the account of a new person with the invited address, grants the role and signs in', async () => {
    const { token, view } = await invite(admin, {
      email: 'newcomer@example.org',
      role: 'facilitator',
      groupSlug: home.slug,
    });
    const preview = await post(null, '/api/invitations/preview', { token });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      email: 'newcomer@example.org',
      role: 'facilitator',
      group: { name: 'Home Group' },
      hasAccount: false,
    });
    const res = await post(null, '/api/invitations/accept-new', {
      token,
      password: 'a long and quiet river walk',
      displayName: 'Nia',
      timezone: 'Europe/London',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().user).toMatchObject({ email: 'newcomer@example.org', role: 'facilitator' });
    expect(res.headers['set-cookie']).toBeDefined();
    const user = await userByEmail('newcomer@example.org');
    expect(user!.emailVerifiedAt).not.toBeNull();
    expect((await membership(home.id, user!.id))?.role).toBe('facilitator');
    expect(await audit('invitation.accepted', view.id)).toHaveLength(1);
    expect(await audit('facilitator.added', home.id)).toHaveLength(1);

    const reused = await post(null, '/api/invitations/preview', { token });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('invitation_used');
  });

  it('grants an existing member the role on accept, once', async () => {
    const { token } = await invite(admin, {
      email: member.user.email!,
      role: 'facilitator',
      groupSlug: home.slug,
    });
    const preview = await post(null, '/api/invitations/preview', { token });
    expect(preview.json().hasAccount).toBe(true);
    const newAccount = await post(null, '/api/invitations/accept-new', {
      token,
      password: 'a long and quiet river walk',
      displayName: 'Copy',
      timezone: 'UTC',
    });
    expect(newAccount.statusCode).toBe(409);
    const res = await post(member, '/api/invitations/accept', { token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      role: 'facilitator',
      group: { slug: home.slug, name: 'Home Group' },
    });
    expect((await userByEmail(member.user.email!))!.role).toBe('facilitator');
    expect((await membership(home.id, member.user.id))?.role).toBe('facilitator');
    const again = await post(member, '/api/invitations/accept', { token });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invitation_used');
  });

  it('makes an existing person an admin', async () => {
    const person = await createSignedIn(t);
    const { token } = await invite(admin, { email: person.user.email!, role: 'admin' });
    expect((await post(person, '/api/invitations/accept', { token })).statusCode).toBe(200);
    expect((await userByEmail(person.user.email!))!.role).toBe('admin');
  });

  it('refuses the wrong person, and a visitor', async () => {
    const { token } = await invite(admin, { email: 'someone.else@example.org', role: 'admin' });
    const intruder = await createSignedIn(t);
    const res = await post(intruder, '/api/invitations/accept', { token });
    expect(res.statusCode).toBe(403);
    expect((await userByEmail(intruder.user.email!))!.role).toBe('member');
    expect((await post(null, '/api/invitations/accept', { token })).statusCode).toBe(401);
  });

  it('refuses an expired link', async () => {
    const person = await createSignedIn(t);
    const { token } = await invite(admin, { email: person.user.email!, role: 'admin' });
    t.clock.advance(7 * 24 * 3600 * 1000 + 1000);
    const res = await post(person, '/api/invitations/accept', { token });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('invitation_expired');
    expect((await userByEmail(person.user.email!))!.role).toBe('member');
    // Sessions end too as the week passes: the staff of later tests sign in again.
    admin = await signInAs(t, admin.user);
    facA = await signInAs(t, facA.user);
    facB = await signInAs(t, facB.user);
  });

  it('refuses a revoked link, and audits the revocation', async () => {
    const person = await createSignedIn(t);
    const { token, view } = await invite(facA, {
      email: person.user.email!,
      role: 'facilitator',
      groupSlug: home.slug,
    });
    const byOther = await as(facB, { method: 'DELETE', url: `/api/invitations/${view.id}` });
    expect(byOther.statusCode).toBe(403);
    const revoked = await as(facA, { method: 'DELETE', url: `/api/invitations/${view.id}` });
    expect(revoked.statusCode).toBe(204);
    expect(await audit('invitation.revoked', view.id)).toHaveLength(1);
    const res = await post(person, '/api/invitations/accept', { token });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('invitation_revoked');
    expect(await membership(home.id, person.user.id)).toBeUndefined();
  });

  it('replaces a pending invitation when the same one is sent again', async () => {
    const first = await invite(admin, { email: 'twice@example.org', role: 'admin' });
    const second = await invite(admin, { email: 'twice@example.org', role: 'admin' });
    const old = await post(null, '/api/invitations/preview', { token: first.token });
    expect(old.json().error.code).toBe('invitation_revoked');
    expect((await post(null, '/api/invitations/preview', { token: second.token })).statusCode).toBe(
      200,
    );
  });

  it('answers 404 for a link that never existed', async () => {
    const res = await post(null, '/api/invitations/preview', { token: 'x'.repeat(43) });
    expect(res.statusCode).toBe(404);
  });

  it('exports and forgets the invitations a person accepted', async () => {
    const person = await createSignedIn(t);
    const { token } = await invite(admin, { email: person.user.email!, role: 'admin' });
    await post(person, '/api/invitations/accept', { token });
    const signedIn = await signInAs(t, (await userByEmail(person.user.email!))!);
    const exported = await signedIn.request({ method: 'GET', url: '/api/account/export' });
    expect(exported.statusCode).toBe(200);
    expect(exported.json().invitations).toEqual([
      expect.objectContaining({ role: 'admin', acceptedByYou: true }),
    ]);
  });
});
