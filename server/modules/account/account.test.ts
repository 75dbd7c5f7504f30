import { settle } from '../auth/auth.test-helpers.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { authTokens, users } from '../../db/schema/index.ts';
import { verifyPassword } from '../../lib/passwords.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, createUser, signInAs, TEST_PASSWORD } from '../../test/users.ts';
import { expectFieldError, HEALTH_WORDS } from './account.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a quiet walk by the river at dawn';

/** The token in the most recent email-change link sent to `to`. */
function tokenSentTo(to: string): string {
  const mail = t.mailer.lastTo(to);
  expect(mail, `an email to ${to}`).toBeDefined();
  const match = /\/confirm-email\?token=([\w%-]+)/.exec(mail!.text);
  expect(match, mail!.text).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

describe('GET /api/account', () => {
  it('returns who I am, without secrets', async () => {
    const me = await createSignedIn(t, { displayName: 'Robin K.', pronouns: 'they/them' });
    const res = await me.request({ method: 'GET', url: '/api/account' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: me.user.id,
      email: me.user.email,
      displayName: 'Robin K.',
      pronouns: 'they/them',
      role: 'member',
      twoFactorEnabled: false,
      twoFactorSetupRequired: false,
    });
    expect(res.body).not.toMatch(/passwordHash|argon2|totpSecret/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 401 when signed out', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/account' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });
});

describe('PATCH /api/account', () => {
  it('updates the profile and privacy settings', async () => {
    const me = await createSignedIn(t);
    const res = await me.request({
      method: 'PATCH',
      url: '/api/account',
      payload: {
        displayName: '  Sam P.  ',
        pronouns: 'she/her',
        timezone: 'America/New_York',
        locale: 'es',
        profileVisibility: 'facilitators',
        showPronouns: false,
        showMilestones: true,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      displayName: 'Sam P.',
      pronouns: 'she/her',
      timezone: 'America/New_York',
      locale: 'es',
      profileVisibility: 'facilitators',
      showPronouns: false,
      showMilestones: true,
    });
    const again = await me.request({ method: 'GET', url: '/api/account' });
    expect(again.json().displayName).toBe('Sam P.');
  });

  it('changes only the fields sent, and clears pronouns with null', async () => {
    const me = await createSignedIn(t, { displayName: 'Alex', pronouns: 'he/him' });
    const res = await me.request({
      method: 'PATCH',
      url: '/api/account',
      payload: { pronouns: null },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      displayName: 'Alex',
      pronouns: null,
      timezone: 'Europe/London',
    });
  });

  it('audits which fields changed, never their values', async () => {
    const me = await createSignedIn(t);
    await me.request({
      method: 'PATCH',
      url: '/api/account',
      payload: { displayName: 'Quiet Name', showMilestones: true },
    });
    const page = (await me.request({ method: 'GET', url: '/api/account/audit' })).json();
    const event = page.events.find(
      (e: { action: string }) => e.action === 'account.profile_updated',
    );
    expect(event.meta).toEqual({ fields: 'displayName,showMilestones' });
    expect(JSON.stringify(page)).not.toContain('Quiet Name');
  });

  it.each([
    ['a wrong type', { showPronouns: 'yes' }, 'body.showPronouns'],
    ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'body.timezone'],
    ['a display name that is too long', { displayName: 'x'.repeat(61) }, 'body.displayName'],
    ['an empty display name', { displayName: '   ' }, 'body.displayName'],
    ['an unknown locale', { locale: 'fr' }, 'body.locale'],
    ['an unknown visibility', { profileVisibility: 'everyone' }, 'body.profileVisibility'],
    ['pronouns that are too long', { pronouns: 'p'.repeat(31) }, 'body.pronouns'],
  ])('rejects %s, naming the field', async (_what, payload, field) => {
    const me = await createSignedIn(t);
    const res = await me.request({ method: 'PATCH', url: '/api/account', payload });
    expectFieldError(res, field);
  });

  it('rejects unknown keys, naming them', async () => {
    const me = await createSignedIn(t);
    const res = await me.request({
      method: 'PATCH',
      url: '/api/account',
      payload: { displayName: 'Ok', role: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.message).toContain('role');
    expect(res.json().error.details).toEqual([
      { field: 'body.role', message: 'is not a field this accepts', issue: 'unrecognized_keys' },
    ]);
    const row = await t.database.db.select().from(users).where(eq(users.id, me.user.id));
    expect(row[0]!.role).toBe('member');
  });

  it('rejects malformed JSON with a 400', async () => {
    const me = await createSignedIn(t);
    const res = await me.request({
      method: 'PATCH',
      url: '/api/account',
      headers: { 'content-type': 'application/json' },
      payload: '{"displayName": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });

  it('refuses a change without the CSRF token', async () => {
    const me = await createSignedIn(t);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/account',
      headers: { cookie: me.headers.cookie! },
      payload: { displayName: 'Forged' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('changing my email', () => {
  it('mails a link to the new address and a notice to the old one, then confirms', async () => {
    const me = await createSignedIn(t);
    const oldEmail = me.user.email!;
    const res = await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'New.Address@Example.org', password: TEST_PASSWORD },
    });
    await settle(t);
    expect(res.statusCode, res.body).toBe(202);

    const notice = t.mailer.lastTo(oldEmail);
    expect(notice?.subject).toBe('Your email address is being changed');
    expect(notice?.text).not.toContain('new.address@example.org');
    const link = t.mailer.lastTo('new.address@example.org');
    expect(link?.text).toContain(`${t.config.publicUrl}/confirm-email?token=`);
    const token = tokenSentTo('new.address@example.org');

    // Stored hashed, with the purpose and a 24-hour life.
    const [row] = await t.database.db
      .select()
      .from(authTokens)
      .where(eq(authTokens.userId, me.user.id));
    expect(row!.purpose).toBe('email_change');
    expect(row!.id).not.toBe(token);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(24 * 3_600_000);

    // Nothing changes until the link is used.
    expect((await me.request({ method: 'GET', url: '/api/account' })).json().email).toBe(oldEmail);

    const confirm = await me.request({
      method: 'POST',
      url: '/api/account/email/confirm',
      payload: { token },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(confirm.json()).toMatchObject({
      email: 'new.address@example.org',
      emailVerified: true,
    });

    const page = (await me.request({ method: 'GET', url: '/api/account/audit' })).json();
    const changed = page.events.find(
      (e: { action: string }) => e.action === 'account.email_changed',
    );
    expect(changed).toMatchObject({ actor: 'You', subjectId: me.user.id, meta: {} });
    expect(JSON.stringify(page)).not.toContain('example.org');
  });

  it('uses a token only once', async () => {
    const me = await createSignedIn(t);
    await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'once@example.org', password: TEST_PASSWORD },
    });
    await settle(t);
    const token = tokenSentTo('once@example.org');
    const first = await me.request({
      method: 'POST',
      url: '/api/account/email/confirm',
      payload: { token },
    });
    expect(first.statusCode).toBe(200);
    const second = await me.request({
      method: 'POST',
      url: '/api/account/email/confirm',
      payload: { token },
    });
    expectFieldError(second, 'body.token');
  });

  it('refuses an expired token', async () => {
    const me = await createSignedIn(t);
    await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'late@example.org', password: TEST_PASSWORD },
    });
    await settle(t);
    const token = tokenSentTo('late@example.org');
    t.clock.advance(24 * 3_600_000 + 1000);
    // A fresh session: the old one has idled out meanwhile.
    const again = await signInAs(t, me.user);
    const res = await again.request({
      method: 'POST',
      url: '/api/account/email/confirm',
      payload: { token },
    });
    expectFieldError(res, 'body.token');
  });

  it("refuses someone else's token", async () => {
    const me = await createSignedIn(t);
    const other = await createSignedIn(t);
    await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'mine@example.org', password: TEST_PASSWORD },
    });
    await settle(t);
    const token = tokenSentTo('mine@example.org');
    const res = await other.request({
      method: 'POST',
      url: '/api/account/email/confirm',
      payload: { token },
    });
    expectFieldError(res, 'body.token');
    // And it still works for its owner.
    const ok = await me.request({
      method: 'POST',
      url: '/api/account/email/confirm',
      payload: { token },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('answers 400 naming body.password for a wrong password, and sends nothing', async () => {
    const me = await createSignedIn(t);
    const before = t.mailer.sent.length;
    const res = await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'nope@example.org', password: 'not my password' },
    });
    await settle(t);
    expectFieldError(res, 'body.password');
    expect(t.mailer.sent.length).toBe(before);
  });

  it('answers an address in use exactly as a free one, changes nothing, and tells its owner', async () => {
    const me = await createSignedIn(t);
    const other = await createUser(t);
    const free = await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: `free-${Date.now()}@example.org`, password: TEST_PASSWORD },
    });
    await settle(t);
    const before = t.mailer.sent.length;
    const res = await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: other.email!.toUpperCase(), password: TEST_PASSWORD },
    });
    await settle(t);
    expect(res.statusCode).toBe(free.statusCode);
    expect(Object.keys(res.json())).toEqual(Object.keys(free.json()));
    expect(res.json().expiresAt).toEqual(expect.any(String));
    // Only the owner of the address hears of it; no link is made or sent.
    const sent = t.mailer.sent.slice(before);
    expect(sent.map((m) => [m.to, m.subject])).toEqual([
      [other.email, 'Someone tried to use your email address'],
    ]);
    expect(sent[0]!.text).not.toContain(me.user.email!);
    const links = await t.database.db
      .select()
      .from(authTokens)
      .where(eq(authTokens.newEmail, other.email!));
    expect(links).toHaveLength(0);
    expect((await me.request({ method: 'GET', url: '/api/account' })).json().email).toBe(
      me.user.email,
    );
  });

  it('does nothing that depends on the address before answering (same time for free and taken)', async () => {
    const me = await createSignedIn(t);
    const other = await createUser(t);
    for (const newEmail of [`free-${Date.now()}@example.org`, other.email!]) {
      const before = t.mailer.sent.length;
      const res = await me.request({
        method: 'POST',
        url: '/api/account/email',
        payload: { newEmail, password: TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(202);
      // Answered before any mail: the lookup and its consequences come after.
      expect(t.mailer.sent.length).toBe(before);
      await settle(t);
      expect(t.mailer.sent.length).toBeGreaterThan(before);
    }
  });

  it('answers 409 when the address was taken before the link was used', async () => {
    const me = await createSignedIn(t);
    await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'contested@example.org', password: TEST_PASSWORD },
    });
    await settle(t);
    const token = tokenSentTo('contested@example.org');
    await createUser(t, { email: 'contested@example.org' });
    const res = await me.request({
      method: 'POST',
      url: '/api/account/email/confirm',
      payload: { token },
    });
    expect(res.statusCode).toBe(409);
    expect((await me.request({ method: 'GET', url: '/api/account' })).json().email).toBe(
      me.user.email,
    );
  });

  it('rejects a malformed address naming body.newEmail', async () => {
    const me = await createSignedIn(t);
    const res = await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'not-an-email', password: TEST_PASSWORD },
    });
    await settle(t);
    expectFieldError(res, 'body.newEmail');
  });

  it('replaces an earlier link with a newer one', async () => {
    const me = await createSignedIn(t);
    await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'first@example.org', password: TEST_PASSWORD },
    });
    await settle(t);
    const first = tokenSentTo('first@example.org');
    await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'second@example.org', password: TEST_PASSWORD },
    });
    await settle(t);
    const res = await me.request({
      method: 'POST',
      url: '/api/account/email/confirm',
      payload: { token: first },
    });
    expectFieldError(res, 'body.token');
  });
});

describe('confirming the address my account uses', () => {
  it('emails a link to an unconfirmed address that confirms it; a confirmed one answers 409', async () => {
    const me = await createSignedIn(t, { emailVerifiedAt: null });
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/account/email/verify' })).statusCode,
    ).toBe(401);
    const res = await me.request({ method: 'POST', url: '/api/account/email/verify' });
    expect(res.statusCode, res.body).toBe(202);
    const token = tokenSentTo(me.user.email!);
    const confirmed = await me.request({
      method: 'POST',
      url: '/api/account/email/confirm',
      payload: { token },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ email: me.user.email, emailVerified: true });
    const again = await me.request({ method: 'POST', url: '/api/account/email/verify' });
    expect(again.statusCode).toBe(409);
  });
});

describe('changing my password', () => {
  it('changes it, ends my other sessions and keeps this one', async () => {
    const me = await createSignedIn(t);
    const laptop = await signInAs(t, me.user);
    const res = await me.request({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');

    expect((await me.request({ method: 'GET', url: '/api/account' })).statusCode).toBe(200);
    expect((await laptop.request({ method: 'GET', url: '/api/account' })).statusCode).toBe(401);

    const [row] = await t.database.db.select().from(users).where(eq(users.id, me.user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(row!.passwordHash, TEST_PASSWORD)).toBe(false);

    const notice = t.mailer.lastTo(me.user.email!);
    expect(notice?.subject).toBe('Your password was changed');
    const page = (await me.request({ method: 'GET', url: '/api/account/audit' })).json();
    expect(page.events[0]).toMatchObject({ action: 'account.password_changed', actor: 'You' });
  });

  it('answers 400 naming body.currentPassword when it is wrong', async () => {
    const me = await createSignedIn(t);
    const res = await me.request({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: 'guess guess guess', newPassword: NEW_PASSWORD },
    });
    expectFieldError(res, 'body.currentPassword');
  });

  it('rejects a common, short or personal new password, naming body.newPassword', async () => {
    const me = await createSignedIn(t);
    const common = await me.request({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'password1' },
    });
    expectFieldError(common, 'body.newPassword');
    const short = await me.request({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    });
    expectFieldError(short, 'body.newPassword');
    // Built from their own email: its local part with a few digits.
    const personal = await me.request({
      method: 'POST',
      url: '/api/account/password',
      payload: {
        currentPassword: TEST_PASSWORD,
        newPassword: `${me.user.email!.split('@')[0]}-2026`,
      },
    });
    expectFieldError(personal, 'body.newPassword');
    expect(personal.json().error.details[0].issue).toBe('password_personal');
  });

  it('rejects a missing field naming it', async () => {
    const me = await createSignedIn(t);
    const res = await me.request({
      method: 'POST',
      url: '/api/account/password',
      payload: { newPassword: NEW_PASSWORD },
    });
    expectFieldError(res, 'body.currentPassword');
  });
});

describe('password checks', () => {
  it('are rate limited per account', async () => {
    const me = await createSignedIn(t);
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await me.request({
        method: 'POST',
        url: '/api/account/password',
        payload: { currentPassword: 'guessing again', newPassword: NEW_PASSWORD },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 400)).toBe(true);
    expect(codes[20]).toBe(429);
    // Someone else on the same address is not affected.
    const other = await createSignedIn(t);
    const res = await other.request({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: 'guessing again', newPassword: NEW_PASSWORD },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('my activity log', () => {
  it('shows events about me and by me, newest first, and not about others', async () => {
    const me = await createSignedIn(t);
    const facilitator = await createUser(t, { displayName: 'Jordan F.', role: 'facilitator' });
    const stranger = await createUser(t);
    const db = t.database.db;
    await recordAudit(db, t.clock, {
      actorId: null,
      subjectId: me.user.id,
      action: 'user.role_changed',
      resourceType: 'user',
    });
    await recordAudit(db, t.clock, {
      actorId: facilitator.id,
      subjectId: me.user.id,
      action: 'check_in.viewed',
      resourceType: 'check_in',
      resourceId: 'c1',
    });
    await recordAudit(db, t.clock, {
      actorId: facilitator.id,
      subjectId: stranger.id,
      action: 'check_in.viewed',
      resourceType: 'check_in',
      resourceId: 'c2',
    });
    await recordAudit(db, t.clock, {
      actorId: me.user.id,
      subjectId: me.user.id,
      action: 'account.exported',
      resourceType: 'user',
    });

    const res = await me.request({ method: 'GET', url: '/api/account/audit' });
    expect(res.statusCode).toBe(200);
    const { events, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(events.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['account.exported', 'You'],
      ['check_in.viewed', 'Jordan F.'],
      ['user.role_changed', 'System'],
    ]);
    expect(events.some((e: { resourceId: string }) => e.resourceId === 'c2')).toBe(false);
  });

  it('shows a deleted actor as "Former member"', async () => {
    const me = await createSignedIn(t);
    const gone = await createUser(t, { displayName: null, status: 'deleted', email: null });
    await recordAudit(t.database.db, t.clock, {
      actorId: gone.id,
      subjectId: me.user.id,
      action: 'check_in.viewed',
      resourceType: 'check_in',
    });
    const { events } = (await me.request({ method: 'GET', url: '/api/account/audit' })).json();
    expect(events[0].actor).toBe('Former member');
  });

  it('pages with before and limit', async () => {
    const me = await createSignedIn(t);
    for (let i = 0; i < 5; i++) {
      await recordAudit(t.database.db, t.clock, {
        actorId: null,
        subjectId: me.user.id,
        action: `test.event_${i}`,
        resourceType: 'test',
      });
    }
    const first = (await me.request({ method: 'GET', url: '/api/account/audit?limit=2' })).json();
    expect(first.events.map((e: { action: string }) => e.action)).toEqual([
      'test.event_4',
      'test.event_3',
    ]);
    expect(first.nextCursor).toBe(first.events[1].id);
    const second = (
      await me.request({
        method: 'GET',
        url: `/api/account/audit?limit=2&before=${first.nextCursor}`,
      })
    ).json();
    expect(second.events.map((e: { action: string }) => e.action)).toEqual([
      'test.event_2',
      'test.event_1',
    ]);
  });

  it.each([
    ['limit=0', 'querystring.limit'],
    ['limit=abc', 'querystring.limit'],
    ['limit=1000', 'querystring.limit'],
    ['before=-1', 'querystring.before'],
  ])('rejects %s naming the field', async (query, field) => {
    const me = await createSignedIn(t);
    const res = await me.request({ method: 'GET', url: `/api/account/audit?${query}` });
    expectFieldError(res, field);
  });
});

describe('account emails', () => {
  it('never mention health, recovery or why someone is here', async () => {
    // Its own emails: an email change (link + notice) and a password change (notice).
    const me = await createSignedIn(t);
    const before = t.mailer.sent.length;
    const newEmail = `moved.${me.user.id.slice(0, 8)}@example.org`;
    const change = await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail, password: TEST_PASSWORD },
    });
    await settle(t);
    expect(change.statusCode, change.body).toBe(202);
    const password = await me.request({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(password.statusCode, password.body).toBe(204);
    const mine = t.mailer.sent.slice(before);
    expect(mine.map((m) => m.to).sort()).toEqual([me.user.email!, me.user.email!, newEmail].sort());
    for (const mail of mine) {
      expect(`${mail.subject}\n${mail.text}`).not.toMatch(HEALTH_WORDS);
    }
  });
});
