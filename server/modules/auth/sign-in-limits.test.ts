import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createUser, TEST_PASSWORD } from '../../test/users.ts';
import { eq } from 'drizzle-orm';
import { authTokens } from '../../db/schema/index.ts';
import { hashToken } from '../../lib/tokens.ts';
import {
  browserFrom,
  HEALTH_WORDS,
  linkTokenFor,
  nextIp,
  settle,
  signInRequest,
  signInWithLink,
  signUp,
  totpCode,
  uniqueEmail,
  wrongTotpCode,
} from './auth.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  // In-process limits here: the recovery check moves the process clock, which Redis's own
  // expiry does not follow. The Redis store has its own test in auth.limits.test.ts.
  t = await createTestApp({}, {}, { redis: false });
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const HOUR = 3_600_000;

/** `n` failed sign-ins for one email, each from a different address (a spread-out attack). */
async function failSignIns(email: string, n: number) {
  for (let i = 0; i < n; i++) {
    const res = await signInRequest(t, email, `wrong guess number ${i}`);
    expect(res.statusCode, `failure ${i + 1}`).toBe(401);
  }
}

describe('sign-in failure limits', () => {
  it('throttles an account after 100 failures in an hour, even with the right password, and recovers after the hour', async () => {
    // rate-limiter-flexible keeps its own time (Date.now), not the app's Clock: move the
    // process clock (only Date is faked; timers and I/O run normally) to end the window.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date() });
    const user = await createUser(t);
    const email = user.email!;
    await failSignIns(email, 100);

    const blocked = await signInRequest(t, email, TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().error.code).toBe('rate_limited');
    // Our per-account counter answered, not the coarse per-route IP limit.
    expect(blocked.json().error.message).toMatch(/^Too many attempts/);
    expect(blocked.cookies).toHaveLength(0);

    // An unknown email throttles the same way, with the same words.
    const nobody = uniqueEmail('nobody');
    await failSignIns(nobody, 100);
    const unknown = await signInRequest(t, nobody, TEST_PASSWORD);
    expect(unknown.statusCode).toBe(429);
    expect(unknown.json()).toEqual(blocked.json());

    // Still blocked just before the hour ends.
    vi.setSystemTime(Date.now() + HOUR - 60_000);
    expect((await signInRequest(t, email, TEST_PASSWORD)).statusCode).toBe(429);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    t.clock.advance(HOUR + 60_000);
    const recovered = await signInRequest(t, email, TEST_PASSWORD);
    expect(recovered.statusCode).toBe(200);
    browserFrom(t, recovered);
  }, 60_000);

  it('stops a guesser at 10 failures from one address while the owner elsewhere still signs in', async () => {
    const user = await createUser(t);
    const email = user.email!;
    const guesser = nextIp();
    for (let i = 0; i < 10; i++) {
      const res = await signInRequest(t, email, `wrong guess ${i}`, { ip: guesser });
      expect(res.statusCode, `failure ${i + 1}`).toBe(401);
    }
    // The guesser is stopped, even with the right password…
    const blocked = await signInRequest(t, email, TEST_PASSWORD, { ip: guesser });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    // …and an unknown email is throttled the same way from one address.
    const nobody = uniqueEmail('nobody');
    for (let i = 0; i < 10; i++) await signInRequest(t, nobody, `guess ${i}`, { ip: guesser });
    expect((await signInRequest(t, nobody, TEST_PASSWORD, { ip: guesser })).json()).toEqual(
      blocked.json(),
    );
    // The owner, at their own address, is not locked out.
    const owner = await signInRequest(t, email, TEST_PASSWORD, { ip: nextIp() });
    expect(owner.statusCode).toBe(200);
  }, 60_000);

  it('lets the owner in with an emailed sign-in link while the account is at its ceiling', async () => {
    const user = await createUser(t);
    const email = user.email!;
    await failSignIns(email, 100);
    expect((await signInRequest(t, email, TEST_PASSWORD)).statusCode).toBe(429);
    const asked = await requestLink(email);
    expect(asked.statusCode).toBe(202);
    await settle(t);
    const token = linkTokenFor(t, email, '/sign-in-link')!;
    expect(token).toEqual(expect.any(String));
    const opened = await signInWithLink(t, token);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().user.id).toBe(user.id);
    browserFrom(t, opened);
  }, 60_000);
});

const requestLink = (email: string, ip = nextIp()) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in-link/request',
    remoteAddress: ip,
    payload: { email },
  });

describe('emailed sign-in link', () => {
  it('works once, within 15 minutes, and is stored only as a hash', async () => {
    const user = await createUser(t);
    const email = user.email!;
    expect((await requestLink(email.toUpperCase())).statusCode).toBe(202);
    await settle(t);
    const mail = t.mailer.lastTo(email)!;
    expect(mail.subject).toBe('Your Iconocast sign-in link');
    expect(mail.text).not.toMatch(HEALTH_WORDS);
    const token = linkTokenFor(t, email, '/sign-in-link')!;
    const [stored] = await t.database.db
      .select()
      .from(authTokens)
      .where(eq(authTokens.id, hashToken(token)));
    expect(stored).toMatchObject({ userId: user.id, purpose: 'sign_in_link', usedAt: null });
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(15 * 60_000);
    expect(
      await t.database.db.select().from(authTokens).where(eq(authTokens.id, token)),
    ).toHaveLength(0);

    const first = await signInWithLink(t, token);
    expect(first.statusCode).toBe(200);
    const again = await signInWithLink(t, token);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0].field).toBe('body.token');

    await requestLink(email);
    await settle(t);
    const late = linkTokenFor(t, email, '/sign-in-link')!;
    t.clock.advance(16 * 60_000);
    expect((await signInWithLink(t, late)).statusCode).toBe(400);
  });

  it('answers an unknown email exactly as a registered one, and sends nothing', async () => {
    const user = await createUser(t);
    const known = await requestLink(user.email!);
    const before = t.mailer.sent.length;
    const unknown = await requestLink(uniqueEmail('nobody'));
    await settle(t);
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    expect(t.mailer.sent.slice(before).map((m) => m.to)).toEqual([user.email]);
  });

  it('still asks for the second factor when two-factor is on', async () => {
    const person = await signUp(t);
    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/setup',
      headers: person.browser.headers,
    });
    const { secret } = setup.json() as { secret: string };
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/enable',
      headers: person.browser.headers,
      payload: { password: person.password, code: totpCode(secret, t.clock.now()) },
    });
    t.clock.advance(30_000);
    await requestLink(person.email);
    await settle(t);
    const opened = await signInWithLink(t, linkTokenFor(t, person.email, '/sign-in-link')!);
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toEqual({ twoFactorRequired: true, challenge: expect.any(String) });
    expect(opened.cookies).toHaveLength(0);
    const done = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor',
      remoteAddress: nextIp(),
      payload: { challenge: opened.json().challenge, code: totpCode(secret, t.clock.now()) },
    });
    expect(done.statusCode).toBe(200);
    browserFrom(t, done);
  });

  it('sends at most 5 links an hour to one address, still answering 202', async () => {
    const user = await createUser(t);
    const before = t.mailer.sent.length;
    for (let i = 0; i < 7; i++) expect((await requestLink(user.email!)).statusCode).toBe(202);
    await settle(t);
    expect(t.mailer.sent.slice(before).filter((m) => m.to === user.email)).toHaveLength(5);
  });

  it('counts wrong two-factor codes as failures for the account', async () => {
    const person = await signUp(t);
    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/setup',
      headers: person.browser.headers,
    });
    const { secret } = setup.json() as { secret: string };
    const enabled = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/enable',
      headers: person.browser.headers,
      payload: { password: person.password, code: totpCode(secret, t.clock.now()) },
    });
    expect(enabled.statusCode).toBe(200);
    // 95 password failures, then wrong codes on fresh challenges until the limit.
    await failSignIns(person.email, 95);
    for (let i = 0; i < 5; i++) {
      const { challenge } = (await signInRequest(t, person.email, person.password)).json();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/two-factor',
        remoteAddress: nextIp(),
        payload: { challenge, code: wrongTotpCode(secret, t.clock.now()) },
      });
      expect(res.statusCode).toBe(400);
    }
    const res = await signInRequest(t, person.email, person.password);
    expect(res.statusCode).toBe(429);
  }, 60_000);
});
