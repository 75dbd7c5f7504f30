import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, users } from '../../db/schema/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, createUser, TEST_PASSWORD } from '../../test/users.ts';
import {
  browserFrom,
  cookieFrom,
  linkTokenFor,
  sessionOf,
  settle,
  signInRequest,
  signInWithLink,
  signUp,
  signUpRequest,
  STRONG_PASSWORD,
  uniqueEmail,
} from './auth.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const MINUTE = 60_000;

describe('sign-up', () => {
  it('answers 202 with no session; the emailed link finishes the account, sets the password and signs in with an HttpOnly Lax cookie', async () => {
    const email = uniqueEmail();
    const res = await signUpRequest(t, { email: `  ${email.toUpperCase()} ` });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ message: expect.stringMatching(/check your email/i) });
    expect(res.cookies).toHaveLength(0);
    await settle(t);

    // Until the link is opened, the chosen password does not sign in.
    const early = await signInRequest(t, email, STRONG_PASSWORD);
    expect(early.statusCode).toBe(401);
    const mail = t.mailer.lastTo(email)!;
    expect(mail.subject).toBe('Finish creating your Iconocast account');
    const token = linkTokenFor(t, email, '/sign-in-link')!;
    const opened = await signInWithLink(t, token);
    expect(opened.statusCode).toBe(200);
    const body = opened.json();
    expect(body.user).toMatchObject({
      email,
      role: 'member',
      twoFactorEnabled: false,
      emailVerified: true,
    });
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(body.user).not.toHaveProperty('passwordHash');
    const cookie = opened.cookies.find((c) => c.name === 'iconocast_session')!;
    expect(cookie).toBeDefined();
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    expect(cookie.secure).toBeFalsy();

    const state = await sessionOf(t, browserFrom(t, opened));
    expect(state.user?.id).toBe(body.user.id);
    expect(state.csrfToken).toBe(body.csrfToken);
    // The link works once; the password works from now on.
    expect((await signInWithLink(t, token)).statusCode).toBe(400);
    expect((await signInRequest(t, email, STRONG_PASSWORD)).statusCode).toBe(200);

    const [row] = await t.database.db.select().from(users).where(eq(users.id, body.user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, body.user.id));
    expect(audit.map((a) => a.action)).toContain('auth.signed_up');
    expect(JSON.stringify(audit)).not.toContain(email);
  });

  it('names the email field when the email is not valid', async () => {
    const res = await signUpRequest(t, { email: 'not-an-email' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain('body.email');
  });

  it.each([
    ['7 characters', 'x7chars'],
    ['129 characters', 'y'.repeat(129)],
    ['a common password', 'password123'],
  ])('names the password field for %s', async (_label, password) => {
    const res = await signUpRequest(t, { password });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(
      'body.password',
    );
  });

  it('accepts 8- and 128-character passwords', async () => {
    expect((await signUpRequest(t, { password: 'k8Zq!pw3' })).statusCode).toBe(202);
    expect((await signUpRequest(t, { password: 'z'.repeat(127) + 'q' })).statusCode).toBe(202);
  });

  it('rejects malformed JSON with a 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.co", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });

  it('answers a registered email exactly as a new one, changes nothing, and tells the owner', async () => {
    const owner = await signUp(t);
    const fresh = await signUpRequest(t, { email: uniqueEmail() });
    const taken = await signUpRequest(t, {
      email: owner.email.toUpperCase(),
      password: 'another long passphrase here',
      displayName: 'Someone Else',
    });
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.body).toBe(fresh.body);
    expect(taken.cookies).toHaveLength(0);
    await settle(t);

    const notice = t.mailer.lastTo(owner.email)!;
    expect(notice.subject).toBe('Someone tried to sign up with your address');
    expect(notice.text).toMatch(/sign in, or reset your password/);
    expect(notice.text).not.toMatch(/token=/);
    // The owner's account is untouched: their password works, the attempt's does not.
    expect((await signInRequest(t, owner.email, owner.password)).statusCode).toBe(200);
    expect((await signInRequest(t, owner.email, 'another long passphrase here')).statusCode).toBe(
      401,
    );
    const rows = await t.database.db.select().from(users).where(eq(users.email, owner.email));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.displayName).toBe('Sam R.');
  });

  it('sends a new link when asked again before the first was opened, setting the first password', async () => {
    const email = uniqueEmail();
    expect((await signUpRequest(t, { email })).statusCode).toBe(202);
    await settle(t);
    const first = linkTokenFor(t, email, '/sign-in-link')!;
    // Whoever asks again (perhaps not the address's owner) cannot choose the password.
    const again = await signUpRequest(t, { email, password: 'a second quiet walk home' });
    expect(again.statusCode).toBe(202);
    await settle(t);
    const mail = t.mailer.lastTo(email)!;
    expect(mail.subject).toBe('Finish creating your Iconocast account');
    const second = linkTokenFor(t, email, '/sign-in-link')!;
    expect(second).not.toBe(first);
    const opened = await signInWithLink(t, second);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().user.emailVerified).toBe(true);
    expect((await signInRequest(t, email, 'a second quiet walk home')).statusCode).toBe(401);
    expect((await signInRequest(t, email, STRONG_PASSWORD)).statusCode).toBe(200);
    // Finished: a further sign-up with the address only tells its owner.
    await signUpRequest(t, { email });
    await settle(t);
    expect(t.mailer.lastTo(email)!.subject).toBe('Someone tried to sign up with your address');
  });

  it('sends at most 3 sign-up emails an hour to one address, still answering 202', async () => {
    const owner = await createUser(t);
    const before = t.mailer.sent.length;
    for (let i = 0; i < 5; i++) {
      expect((await signUpRequest(t, { email: owner.email })).statusCode).toBe(202);
    }
    await settle(t);
    expect(t.mailer.sent.slice(before).filter((m) => m.to === owner.email)).toHaveLength(3);
  });
});

describe('session cookie over HTTPS', () => {
  it('uses a __Host- cookie marked Secure', async () => {
    const https = await createTestApp({ publicUrl: 'https://x.example' });
    try {
      const user = await createUser(https);
      const res = await signInRequest(https, user.email!, TEST_PASSWORD);
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === '__Host-iconocast_session')!;
      expect(cookie).toBeDefined();
      expect(cookie.secure).toBe(true);
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Lax');
      expect(cookie.path).toBe('/');
      expect(cookie.domain).toBeUndefined();
    } finally {
      await https.close();
    }
  });
});

describe('sign-in', () => {
  it('starts a new session with a new id every time and ends the one the request carried', async () => {
    const { email, password } = await signUp(t);
    const first = await signInRequest(t, email, password);
    expect(first.statusCode).toBe(200);
    const a = browserFrom(t, first);
    const second = await signInRequest(t, email, password, { headers: a.headers });
    expect(second.statusCode).toBe(200);
    const b = browserFrom(t, second);
    expect(b.cookie).not.toBe(a.cookie);
    expect(b.csrfToken).not.toBe(a.csrfToken);
    expect((await sessionOf(t, a)).user).toBeNull();
    expect((await sessionOf(t, b)).user).not.toBeNull();
    const third = browserFrom(t, await signInRequest(t, email, password));
    expect(third.cookie).not.toBe(b.cookie);
  });

  it('gives the same answer for an unknown email, a wrong password and a suspended account', async () => {
    const { email } = await signUp(t);
    const suspended = await createUser(t, { status: 'suspended' });
    const unknown = await signInRequest(t, uniqueEmail('nobody'), STRONG_PASSWORD);
    const wrong = await signInRequest(t, email, 'not the password at all');
    const blocked = await signInRequest(t, suspended.email!, TEST_PASSWORD);
    for (const res of [unknown, wrong, blocked]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: { code: 'unauthenticated', message: 'That email and password do not match.' },
      });
      expect(res.cookies).toHaveLength(0);
    }
  });

  it('refuses sign-in from another origin', async () => {
    const { email, password } = await signUp(t);
    const res = await signInRequest(t, email, password, {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });
});

describe('CSRF', () => {
  it('refuses a signed-in POST without the x-csrf-token header', async () => {
    const { browser } = await signUp(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: browser.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    expect((await sessionOf(t, browser)).user).not.toBeNull();
  });

  it('refuses a wrong token too', async () => {
    const { browser } = await signUp(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: browser.cookie, 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('sign-out and session state', () => {
  it('ends the session and clears the cookie', async () => {
    const { browser } = await signUp(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: browser.headers,
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const cleared = res.cookies.find((c) => c.name === 'iconocast_session')!;
    expect(cleared.value).toBe('');
    expect((await sessionOf(t, browser)).user).toBeNull();
  });

  it('answers 200 when signed out, and says setup is needed until an admin exists', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/session' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: null, csrfToken: null, setupRequired: true });
    await createUser(t, { role: 'admin' });
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session' })).json()).toEqual({
      user: null,
      csrfToken: null,
      setupRequired: false,
    });
  });

  it('answers 200 signed-out for an unknown cookie', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: 'iconocast_session=made-up' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toBeNull();
  });
});

describe('session time-outs', () => {
  it('ends a session after 31 idle minutes', async () => {
    const { browser } = await signUp(t);
    t.clock.advance(29 * MINUTE);
    expect((await sessionOf(t, browser)).user).not.toBeNull();
    t.clock.advance(31 * MINUTE);
    expect((await sessionOf(t, browser)).user).toBeNull();
    // Gone for good, not just hidden.
    t.clock.advance(-31 * MINUTE);
    expect((await sessionOf(t, browser)).user).toBeNull();
    t.clock.advance(31 * MINUTE);
  });

  it('ends an active session 12 hours after it began', async () => {
    const { browser } = await signUp(t);
    const start = t.clock.now().getTime();
    for (let elapsed = 20; elapsed < 12 * 60; elapsed += 20) {
      t.clock.advance(20 * MINUTE);
      const state = await sessionOf(t, browser);
      expect(state.user, `still signed in after ${elapsed} minutes`).not.toBeNull();
    }
    t.clock.advance(20 * MINUTE);
    expect(t.clock.now().getTime() - start).toBe(12 * 60 * MINUTE);
    expect((await sessionOf(t, browser)).user).toBeNull();
  });

  it('drops the sessions of a suspended person', async () => {
    const { browser, userId } = await signUp(t);
    await t.database.db.update(users).set({ status: 'suspended' }).where(eq(users.id, userId));
    expect((await sessionOf(t, browser)).user).toBeNull();
  });
});

describe('my sessions', () => {
  it('lists my sessions, marks the current one, and revokes one or all others', async () => {
    const { email, password } = await signUp(t);
    const b1 = browserFrom(t, await signInRequest(t, email, password));
    const b2 = browserFrom(t, await signInRequest(t, email, password));
    const b3 = browserFrom(t, await signInRequest(t, email, password));

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/auth/sessions',
      headers: b3.headers,
    });
    expect(list.statusCode).toBe(200);
    const sessions = list.json().sessions as { id: string; current: boolean; ip: string }[];
    // The sign-up session plus three sign-ins.
    expect(sessions).toHaveLength(4);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    // Ids are stored hashes, never the cookie token.
    for (const s of sessions) expect(b3.cookie).not.toContain(s.id);

    const other = sessions.find((s) => !s.current)!;
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/sessions/${other.id}`,
      headers: b3.headers,
    });
    expect(del.statusCode).toBe(204);
    const after = (
      await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: b3.headers })
    ).json().sessions;
    expect(after).toHaveLength(3);

    const others = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sessions/revoke-others',
      headers: b3.headers,
    });
    expect(others.statusCode).toBe(204);
    expect((await sessionOf(t, b1)).user).toBeNull();
    expect((await sessionOf(t, b2)).user).toBeNull();
    expect((await sessionOf(t, b3)).user).not.toBeNull();
    const left = (
      await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: b3.headers })
    ).json().sessions;
    expect(left).toHaveLength(1);
    expect(left[0].current).toBe(true);
  });

  it("answers 404 for someone else's session and leaves it alone", async () => {
    const me = await signUp(t);
    const someone = await createSignedIn(t);
    const theirs = (await someone.request({ method: 'GET', url: '/api/auth/sessions' })).json()
      .sessions[0].id;
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/sessions/${theirs}`,
      headers: me.browser.headers,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    const stillThere = await someone.request({ method: 'GET', url: '/api/auth/sessions' });
    expect(stillThere.json().sessions).toHaveLength(1);
  });

  it('needs a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/sessions' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });
});

describe('logs', () => {
  it('never contain a password (log canary)', async () => {
    const password = 'a long CANARY-7f3a passphrase';
    const email = uniqueEmail('logged');
    await signUp(t, { email, password });
    const ok = await signInRequest(t, email, password);
    expect(ok.statusCode).toBe(200);
    cookieFrom(t, ok);
    expect((await signInRequest(t, email, `${password} wrong`)).statusCode).toBe(401);
    expect((await signUpRequest(t, { password: `CANARY-7f3a${'z'.repeat(130)}` })).statusCode).toBe(
      400,
    );
    expect(t.logs.length).toBeGreaterThan(0);
    const all = t.logs.join('\n');
    expect(all).not.toContain('CANARY-7f3a');
    expect(all).not.toContain(email);
  });
});

describe('API docs', () => {
  it('documents the auth routes under the auth tag', async () => {
    const doc = (await t.app.inject('/docs/json')).json();
    for (const path of [
      '/api/auth/sign-up',
      '/api/auth/sign-in',
      '/api/auth/two-factor',
      '/api/auth/password-reset/request',
      '/api/auth/password-reset/confirm',
      '/api/auth/sign-in-link',
      '/api/auth/sign-in-link/request',
      '/api/auth/two-factor/recovery-codes',
      '/api/auth/sessions/{id}',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/auth/sign-in'].post.tags).toEqual(['auth']);
    expect(doc.paths['/api/auth/sign-in'].post.responses['401']).toBeDefined();
  });
});
