import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  auditEvents,
  authTokens,
  calendarFeeds,
  groupMemberships,
  meetingChangeRequests,
  meetings,
  sessions,
  users,
} from '../../db/schema/index.ts';
import { recordAudit, verifyAuditChain } from '../audit/audit.service.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, createUser, signInAs, TEST_PASSWORD } from '../../test/users.ts';
import { signUp, settle } from '../auth/auth.test-helpers.ts';
import { findUserByEmail } from '../users/users.service.ts';
import { HEALTH_WORDS, expectFieldError, joinNewGroup } from './account.test-helpers.ts';
import { registerDeletionStep } from './deletion.service.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const deleteBody = { password: TEST_PASSWORD, confirm: 'DELETE' };

async function userRow(id: string) {
  const [row] = await t.database.db.select().from(users).where(eq(users.id, id));
  return row!;
}

describe('DELETE /api/account', () => {
  it('anonymises me, removes my sessions, tokens and memberships, and audits it', async () => {
    const me = await createSignedIn(t, {
      displayName: 'Dana R.',
      pronouns: 'she/her',
      timezone: 'Asia/Tokyo',
      totpSecret: 'JBSWY3DPEHPK3PXP',
      totpEnabledAt: t.clock.now(),
      emailVerifiedAt: t.clock.now(),
    });
    const email = me.user.email!;
    const phone = await signInAs(t, me.user);
    await joinNewGroup(t, me.user.id);
    await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'dana.next@example.org', password: TEST_PASSWORD },
    });
    await settle(t);

    const res = await me.request({ method: 'DELETE', url: '/api/account', payload: deleteBody });
    expect(res.statusCode, res.body).toBe(204);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/iconocast_session=;/);
    expect(cookie).toMatch(/Expires=Thu, 01 Jan 1970/);

    const row = await userRow(me.user.id);
    expect(row).toMatchObject({
      email: null,
      emailVerifiedAt: null,
      displayName: null,
      pronouns: null,
      passwordHash: null,
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      timezone: 'UTC',
      status: 'deleted',
      role: 'member',
    });
    expect(row.deletedAt).toEqual(t.clock.now());

    const db = t.database.db;
    expect(await db.select().from(sessions).where(eq(sessions.userId, me.user.id))).toEqual([]);
    expect(await db.select().from(authTokens).where(eq(authTokens.userId, me.user.id))).toEqual([]);
    expect(
      await db.select().from(groupMemberships).where(eq(groupMemberships.userId, me.user.id)),
    ).toEqual([]);

    // Every old cookie is dead.
    expect((await me.request({ method: 'GET', url: '/api/account' })).statusCode).toBe(401);
    expect((await phone.request({ method: 'GET', url: '/api/account' })).statusCode).toBe(401);
    // Nothing to sign in with: no email to find, no password to match.
    expect(await findUserByEmail(db, email)).toBeUndefined();

    const mail = t.mailer.lastTo(email);
    expect(mail?.subject).toBe('Your Iconocast account was deleted');
    expect(`${mail?.subject}\n${mail?.text}`).not.toMatch(HEALTH_WORDS);

    expect((await verifyAuditChain(db)).ok).toBe(true);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, me.user.id));
    const deleted = events.find((e) => e.action === 'account.deleted');
    expect(deleted).toMatchObject({ actorId: me.user.id, resourceType: 'user', meta: {} });
    expect(JSON.stringify(events)).not.toMatch(/Dana|example\.org/);
  });

  it('removes my suggested changes (with their notes), my calendar feed and my name from decisions', async () => {
    const me = await createSignedIn(t);
    const other = await createUser(t);
    const group = await joinNewGroup(t, me.user.id);
    const db = t.database.db;
    const [meeting] = await db.select().from(meetings).where(eq(meetings.groupId, group.id));
    await db.insert(meetingChangeRequests).values([
      { meetingId: meeting!.id, requesterId: me.user.id, proposed: {}, note: 'My private note' },
      {
        meetingId: meeting!.id,
        requesterId: other.id,
        proposed: {},
        note: 'Theirs',
        status: 'accepted',
        decidedById: me.user.id,
      },
    ]);
    await db.insert(calendarFeeds).values({ userId: me.user.id, tokenHash: `del-${me.user.id}` });

    const res = await me.request({ method: 'DELETE', url: '/api/account', payload: deleteBody });
    expect(res.statusCode, res.body).toBe(204);

    const left = await db
      .select()
      .from(meetingChangeRequests)
      .where(eq(meetingChangeRequests.meetingId, meeting!.id));
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ requesterId: other.id, note: 'Theirs', decidedById: null });
    expect(
      await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, me.user.id)),
    ).toEqual([]);
  });

  it('cannot sign in afterwards, and the email can sign up again as a new person', async () => {
    const me = await createSignedIn(t);
    const email = me.user.email!;
    await me.request({ method: 'DELETE', url: '/api/account', payload: deleteBody });

    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email, password: TEST_PASSWORD },
    });
    expect(signIn.statusCode).toBeGreaterThanOrEqual(400);
    expect(signIn.statusCode).toBeLessThan(500);
    expect(signIn.headers['set-cookie']).toBeUndefined();

    const again = await signUp(t, {
      email,
      password: 'a brand new start in spring',
      displayName: 'New Person',
      timezone: 'UTC',
    });
    expect(again.userId).not.toBe(me.user.id);
    // The new person inherits nothing from the deleted one.
    expect((await userRow(me.user.id)).email).toBeNull();
  });

  it('changes nothing when a step fails part-way (one transaction)', async () => {
    const me = await createSignedIn(t, { displayName: 'Kept Intact' });
    await joinNewGroup(t, me.user.id);
    const remove = registerDeletionStep({
      name: 'failingForTest',
      tables: [],
      run: async () => {
        throw new Error('simulated failure in a later step');
      },
    });
    try {
      const res = await me.request({ method: 'DELETE', url: '/api/account', payload: deleteBody });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('simulated');
    } finally {
      remove();
    }
    const row = await userRow(me.user.id);
    expect(row).toMatchObject({
      email: me.user.email,
      displayName: 'Kept Intact',
      status: 'active',
      deletedAt: null,
    });
    expect(row.passwordHash).toBe(me.user.passwordHash);
    const db = t.database.db;
    expect(
      await db.select().from(groupMemberships).where(eq(groupMemberships.userId, me.user.id)),
    ).toHaveLength(1);
    // Still signed in: the sessions were not removed either.
    expect((await me.request({ method: 'GET', url: '/api/account' })).statusCode).toBe(200);
    const page = (await me.request({ method: 'GET', url: '/api/account/audit' })).json();
    expect(page.events.map((e: { action: string }) => e.action)).not.toContain('account.deleted');
  });

  it('runs steps that later modules register', async () => {
    const me = await createSignedIn(t);
    const seen: string[] = [];
    const remove = registerDeletionStep({
      name: 'journalEntries',
      tables: [],
      run: async (_tx, userId) => {
        seen.push(userId);
      },
    });
    try {
      const res = await me.request({ method: 'DELETE', url: '/api/account', payload: deleteBody });
      expect(res.statusCode).toBe(204);
    } finally {
      remove();
    }
    expect(seen).toEqual([me.user.id]);
  });

  it('answers 400 naming body.password for a wrong password, and keeps the account', async () => {
    const me = await createSignedIn(t);
    const res = await me.request({
      method: 'DELETE',
      url: '/api/account',
      payload: { password: 'not it at all', confirm: 'DELETE' },
    });
    expectFieldError(res, 'body.password');
    expect((await userRow(me.user.id)).status).toBe('active');
  });

  it.each([
    [{ password: TEST_PASSWORD, confirm: 'delete' }, 'body.confirm'],
    [{ password: TEST_PASSWORD }, 'body.confirm'],
    [{ confirm: 'DELETE' }, 'body.password'],
    [{ password: 42, confirm: 'DELETE' }, 'body.password'],
  ])('rejects %j naming %s', async (payload, field) => {
    const me = await createSignedIn(t);
    const res = await me.request({ method: 'DELETE', url: '/api/account', payload });
    expectFieldError(res, field);
  });

  it('keeps the last admin, so the setup page cannot reopen', async () => {
    const admin = await createSignedIn(t, { role: 'admin' });
    const res = await admin.request({ method: 'DELETE', url: '/api/account', payload: deleteBody });
    expect(res.statusCode).toBe(409);
    expect((await userRow(admin.user.id)).status).toBe('active');

    await createUser(t, { role: 'admin' });
    const ok = await admin.request({ method: 'DELETE', url: '/api/account', payload: deleteBody });
    expect(ok.statusCode).toBe(204);
  });

  it('shows a deleted person as "Former member" in others\' activity logs', async () => {
    const facilitator = await createSignedIn(t, { displayName: 'Morgan F.' });
    const member = await createSignedIn(t);
    await recordAudit(t.database.db, t.clock, {
      actorId: facilitator.user.id,
      subjectId: member.user.id,
      action: 'check_in.viewed',
      resourceType: 'check_in',
    });
    await facilitator.request({ method: 'DELETE', url: '/api/account', payload: deleteBody });
    const { events } = (await member.request({ method: 'GET', url: '/api/account/audit' })).json();
    expect(events[0]).toMatchObject({ action: 'check_in.viewed', actor: 'Former member' });
  });
});
