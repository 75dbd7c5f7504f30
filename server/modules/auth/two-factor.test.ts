import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, authTokens, recoveryCodes, users } from '../../db/schema/index.ts';
import { hashToken } from '../../lib/tokens.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import {
  browserFrom,
  nextIp,
  sessionOf,
  signInRequest,
  signUp,
  totpCode,
  wrongTotpCode,
  type Browser,
} from './auth.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (url: string, browser: Browser | null, payload?: object) =>
  t.app.inject({
    method: 'POST',
    url,
    remoteAddress: nextIp(),
    headers: browser?.headers ?? {},
    ...(payload ? { payload } : {}),
  });

const PASSWORD = 'a quiet walk by the river';

/** Signs up and turns two-factor on; returns the secret, the recovery codes and credentials. */
async function withTwoFactor() {
  const person = await signUp(t);
  const setup = await post('/api/auth/two-factor/setup', person.browser);
  const { secret } = setup.json() as { secret: string };
  const enabled = await post('/api/auth/two-factor/enable', person.browser, {
    password: person.password,
    code: totpCode(secret, t.clock.now()),
  });
  expect(enabled.statusCode).toBe(200);
  // A code works once: the next one comes from the next 30-second step.
  t.clock.advance(30_000);
  return { ...person, secret, recoveryCodes: enabled.json().recoveryCodes as string[] };
}

/** Signs in with the password and answers the challenge with `code`. */
async function signInWithCode(email: string, code: string) {
  const first = await signInRequest(t, email, PASSWORD);
  expect(first.json().challenge).toEqual(expect.any(String));
  return post('/api/auth/two-factor', null, { challenge: first.json().challenge, code });
}

describe('two-step sign-in', () => {
  it('accepts each code only once, and keeps the seed encrypted at rest', async () => {
    const { email, secret, userId } = await withTwoFactor();
    const code = totpCode(secret, t.clock.now());
    const first = await signInRequest(t, email, 'a quiet walk by the river');
    const used = await post('/api/auth/two-factor', null, {
      challenge: first.json().challenge,
      code,
    });
    expect(used.statusCode).toBe(200);
    const second = await signInRequest(t, email, 'a quiet walk by the river');
    const replay = await post('/api/auth/two-factor', null, {
      challenge: second.json().challenge,
      code,
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('two_factor_code_used');
    expect(replay.json().error.details[0].field).toBe('body.code');

    const [row] = await t.database.db.select().from(users).where(eq(users.id, userId));
    expect(row!.totpSecret).not.toContain(secret);
    expect(row!.totpSecret).toMatch(/^v1\./);
  });

  it('sets up with a QR code, enables only after a correct code, and records it', async () => {
    const { browser, userId, email } = await signUp(t);
    const setup = await post('/api/auth/two-factor/setup', browser);
    expect(setup.statusCode).toBe(200);
    const body = setup.json();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Iconocast:/);
    expect(body.otpauthUrl).toContain(`secret=${body.secret}`);
    expect(body.qrSvg).toMatch(/^<svg/);
    expect((await sessionOf(t, browser)).user?.twoFactorEnabled).toBe(false);

    // Not on yet: signing in still needs only the password.
    const plain = await signInRequest(t, email, 'a quiet walk by the river');
    expect(plain.json().user).toBeDefined();

    const wrong = await post('/api/auth/two-factor/enable', browser, {
      password: PASSWORD,
      code: wrongTotpCode(body.secret, t.clock.now()),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('body.code');

    // A live session alone cannot switch it on: the password is asked for.
    const noPassword = await post('/api/auth/two-factor/enable', browser, {
      code: totpCode(body.secret, t.clock.now()),
    });
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.json().error.details[0].field).toBe('body.password');
    const wrongPassword = await post('/api/auth/two-factor/enable', browser, {
      password: 'not my password at all',
      code: totpCode(body.secret, t.clock.now()),
    });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json().error.details[0].field).toBe('body.password');
    expect((await sessionOf(t, browser)).user?.twoFactorEnabled).toBe(false);

    const ok = await post('/api/auth/two-factor/enable', browser, {
      password: PASSWORD,
      code: totpCode(body.secret, t.clock.now()),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.twoFactorEnabled).toBe(true);
    const codes = ok.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    // Stored as argon2 hashes only.
    const stored = await t.database.db
      .select()
      .from(recoveryCodes)
      .where(eq(recoveryCodes.userId, userId));
    expect(stored).toHaveLength(10);
    for (const row of stored) {
      expect(row.codeHash).toMatch(/^\$argon2id\$/);
      expect(codes.some((c) => row.codeHash.includes(c.replace('-', '')))).toBe(false);
    }
    const again = await post('/api/auth/two-factor/setup', browser);
    expect(again.statusCode).toBe(409);

    const actions = (
      await t.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, userId))
    ).map((a) => a.action);
    expect(actions).toContain('auth.two_factor_enabled');
  });

  it('asks for a code after the password, and the challenge works once', async () => {
    const { email, password, secret } = await withTwoFactor();
    const first = await signInRequest(t, email, password);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ twoFactorRequired: true, challenge: expect.any(String) });
    expect(first.cookies).toHaveLength(0);
    const { challenge } = first.json();
    const [stored] = await t.database.db
      .select()
      .from(authTokens)
      .where(eq(authTokens.id, hashToken(challenge)));
    expect(stored).toMatchObject({ purpose: 'two_factor_challenge', usedAt: null });
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(5 * 60_000);

    const wrong = await post('/api/auth/two-factor', null, {
      challenge,
      code: wrongTotpCode(secret, t.clock.now()),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.cookies).toHaveLength(0);

    const code = totpCode(secret, t.clock.now());
    const ok = await post('/api/auth/two-factor', null, { challenge, code });
    expect(ok.statusCode).toBe(200);
    const browser = browserFrom(t, ok);
    expect((await sessionOf(t, browser)).user?.twoFactorEnabled).toBe(true);

    const reused = await post('/api/auth/two-factor', null, { challenge, code });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('unauthenticated');
  });

  it('rejects a challenge older than 5 minutes', async () => {
    const { email, password, secret } = await withTwoFactor();
    const { challenge } = (await signInRequest(t, email, password)).json();
    t.clock.advance(5 * 60_000 + 1000);
    const res = await post('/api/auth/two-factor', null, {
      challenge,
      code: totpCode(secret, t.clock.now()),
    });
    expect(res.statusCode).toBe(401);
  });

  it('spends a challenge after 5 wrong codes', async () => {
    const { email, password, secret } = await withTwoFactor();
    const { challenge } = (await signInRequest(t, email, password)).json();
    for (let i = 0; i < 5; i++) {
      const res = await post('/api/auth/two-factor', null, {
        challenge,
        code: wrongTotpCode(secret, t.clock.now()),
      });
      expect(res.statusCode).toBe(400);
    }
    const res = await post('/api/auth/two-factor', null, {
      challenge,
      code: totpCode(secret, t.clock.now()),
    });
    expect(res.statusCode).toBe(401);
  });

  it('does not issue a challenge for a wrong password', async () => {
    const { email } = await withTwoFactor();
    const res = await signInRequest(t, email, 'not the password at all');
    expect(res.statusCode).toBe(401);
    expect(res.json()).not.toHaveProperty('challenge');
  });

  it('turns off only with the password and a current code', async () => {
    const { browser, secret, userId, email, password } = await withTwoFactor();
    const badPassword = await post('/api/auth/two-factor/disable', browser, {
      password: 'not the password at all',
      code: totpCode(secret, t.clock.now()),
    });
    expect(badPassword.statusCode).toBe(400);
    expect(badPassword.json().error.details[0].field).toBe('body.password');
    const badCode = await post('/api/auth/two-factor/disable', browser, {
      password,
      code: wrongTotpCode(secret, t.clock.now()),
    });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.details[0].field).toBe('body.code');

    const off = await post('/api/auth/two-factor/disable', browser, {
      password,
      code: totpCode(secret, t.clock.now()),
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().twoFactorEnabled).toBe(false);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, userId));
    expect(row!.totpSecret).toBeNull();
    expect((await signInRequest(t, email, password)).json().user).toBeDefined();
    const actions = (
      await t.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, userId))
    ).map((a) => a.action);
    expect(actions).toContain('auth.two_factor_disabled');
  });

  it('needs a session (and the CSRF token) to set up', async () => {
    expect((await post('/api/auth/two-factor/setup', null)).statusCode).toBe(401);
    const { browser } = await signUp(t);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/setup',
      headers: { cookie: browser.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});

describe('recovery codes', () => {
  it('work once each in place of a code, then answer two_factor_code_used', async () => {
    const { email, recoveryCodes: codes, userId } = await withTwoFactor();
    const first = await signInWithCode(email, codes[0]!.toUpperCase());
    expect(first.statusCode).toBe(200);
    browserFrom(t, first);
    // Typed without the hyphen works too.
    const second = await signInWithCode(email, codes[1]!.replace('-', ''));
    expect(second.statusCode).toBe(200);

    const reused = await signInWithCode(email, codes[0]!);
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe('two_factor_code_used');
    expect(reused.json().error.details[0].field).toBe('body.code');
    const madeUp = await signInWithCode(email, 'aaaaa-bbbbb');
    expect(madeUp.statusCode).toBe(400);
    expect(madeUp.json().error.code).toBe('validation_failed');

    const signIns = (
      await t.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, userId))
    ).filter((a) => a.action === 'auth.signed_in');
    expect(signIns.map((a) => (a.meta as { method?: string }).method)).toContain('recovery_code');
  });

  it('can be made anew with the password; the old ones stop working', async () => {
    const { email, browser, recoveryCodes: old } = await withTwoFactor();
    const noPassword = await post('/api/auth/two-factor/recovery-codes', browser, {
      password: 'not my password at all',
    });
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.json().error.details[0].field).toBe('body.password');

    const res = await post('/api/auth/two-factor/recovery-codes', browser, { password: PASSWORD });
    expect(res.statusCode).toBe(200);
    const fresh = res.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => old.includes(c))).toBe(false);
    expect((await signInWithCode(email, old[2]!)).statusCode).toBe(400);
    expect((await signInWithCode(email, fresh[0]!)).statusCode).toBe(200);
  });

  it('are not offered while two-factor is off', async () => {
    const { browser } = await signUp(t);
    const res = await post('/api/auth/two-factor/recovery-codes', browser, { password: PASSWORD });
    expect(res.statusCode).toBe(409);
  });

  it('are removed when two-factor is turned off', async () => {
    const { browser, secret, userId } = await withTwoFactor();
    const off = await post('/api/auth/two-factor/disable', browser, {
      password: PASSWORD,
      code: totpCode(secret, t.clock.now()),
    });
    expect(off.statusCode).toBe(200);
    const left = await t.database.db
      .select()
      .from(recoveryCodes)
      .where(eq(recoveryCodes.userId, userId));
    expect(left).toHaveLength(0);
  });
});
