import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, authTokens } from '../../db/schema/index.ts';
import { hashToken } from '../../lib/tokens.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import {
  HEALTH_WORDS,
  nextIp,
  sessionOf,
  settle,
  signInRequest,
  signUp,
  totpCode,
  uniqueEmail,
} from './auth.test-helpers.ts';
import type { BackgroundTasks } from '../../lib/background.ts';
import { createAuthLimits } from './auth.limits.ts';
import { AuthService, type AuthDeps } from './auth.service.ts';
import { EmailLinkService } from './email-links.service.ts';
import { TwoFactorService } from './two-factor.service.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a brand new long passphrase';

/** Asks for a reset and waits for the work done after answering (the email). */
async function requestReset(email: string, ip = nextIp()) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/password-reset/request',
    remoteAddress: ip,
    payload: { email },
  });
  await settle(t);
  return res;
}

const confirmReset = (token: string, password = NEW_PASSWORD) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/password-reset/confirm',
    remoteAddress: nextIp(),
    payload: { token, password },
  });

/** The token from the newest reset email to `email`. */
function tokenFromEmail(email: string): string {
  const sent = t.mailer.lastTo(email);
  expect(sent, `an email to ${email}`).toBeDefined();
  const match = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(sent!.text);
  expect(match).not.toBeNull();
  return match![1]!;
}

describe('password reset', () => {
  it('emails a single-use link, sets the new password and signs out every device', async () => {
    const { email, password, browser, userId } = await signUp(t);
    const other = await signInRequest(t, email, password);
    expect(other.statusCode).toBe(200);

    const res = await requestReset(email.toUpperCase());
    expect(res.statusCode).toBe(202);
    const mail = t.mailer.lastTo(email)!;
    expect(mail.subject).toBe('Reset your Iconocast password');
    expect(mail.text).toContain(`${t.config.publicUrl}/reset-password?token=`);
    const token = tokenFromEmail(email);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);

    // Only the hash is stored.
    const [stored] = await t.database.db
      .select()
      .from(authTokens)
      .where(eq(authTokens.id, hashToken(token)));
    expect(stored).toMatchObject({ userId, purpose: 'password_reset', usedAt: null });
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(3_600_000);

    const done = await confirmReset(token);
    expect(done.statusCode).toBe(204);
    expect((await sessionOf(t, browser)).user).toBeNull();

    expect((await signInRequest(t, email, password)).statusCode).toBe(401);
    expect((await signInRequest(t, email, NEW_PASSWORD)).statusCode).toBe(200);

    const notice = t.mailer.lastTo(email)!;
    expect(notice.subject).toBe('Your password was changed');
    expect(notice.text).not.toContain(token);

    const actions = (
      await t.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, userId))
    ).map((a) => a.action);
    expect(actions).toContain('auth.password_reset');

    const again = await confirmReset(token, 'yet another long passphrase');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0].field).toBe('body.token');
    expect((await signInRequest(t, email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('rejects a link older than one hour', async () => {
    const { email, password } = await signUp(t);
    await requestReset(email);
    const token = tokenFromEmail(email);
    t.clock.advance(61 * 60_000);
    const res = await confirmReset(token);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('body.token');
    expect((await signInRequest(t, email, password)).statusCode).toBe(200);
  });

  it('rejects a made-up token and a common new password', async () => {
    expect((await confirmReset('made-up-token')).statusCode).toBe(400);
    const { email } = await signUp(t);
    await requestReset(email);
    const res = await confirmReset(tokenFromEmail(email), 'password123');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('body.password');
  });

  it('answers an unknown email with the identical 202 and sends nothing', async () => {
    const { email } = await signUp(t);
    const known = await requestReset(email);
    const before = t.mailer.sent.length;
    const unknown = await requestReset(uniqueEmail('nobody'));
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(unknown.headers['content-type']).toBe(known.headers['content-type']);
    expect(t.mailer.sent.length).toBe(before);
  });

  it('does the same work while answering for a registered and an unknown email: all of it after answering', async () => {
    const { email, userId } = await signUp(t);
    // A task runner that only records, so what happens while answering can be seen alone.
    const queued: { what: string; task: () => Promise<void> }[] = [];
    const tasks = {
      run: (what: string, task: () => Promise<void>) => void queued.push({ what, task }),
    } as unknown as BackgroundTasks;
    const deps: AuthDeps = {
      db: t.database.db,
      clock: t.clock,
      config: t.config,
      mailer: t.mailer,
      sessions: t.app.sessions,
      limits: createAuthLimits(t.config),
      log: t.app.log,
      tasks,
    };
    const links = new EmailLinkService(deps, new AuthService(deps, new TwoFactorService(deps)));
    const tokensOf = () =>
      t.database.db.select().from(authTokens).where(eq(authTokens.userId, userId));
    const sentBefore = t.mailer.sent.length;
    const tokensBefore = (await tokensOf()).length;

    for (const ask of [
      (e: string) => links.requestPasswordReset(e, nextIp()),
      (e: string) => links.requestSignInLink(e, nextIp()),
    ]) {
      await ask(email);
      await ask(uniqueEmail('nobody'));
    }
    // Each request queued exactly one task of the same kind, and nothing that depends on
    // the account (lookup result, token, email) happened on the request path.
    expect(queued.map((q) => q.what)).toEqual([
      'password_reset',
      'password_reset',
      'sign_in_link',
      'sign_in_link',
    ]);
    expect(t.mailer.sent.length).toBe(sentBefore);
    expect(await tokensOf()).toHaveLength(tokensBefore);

    // The queued work is what sends: one reset and one sign-in link, to the registered email.
    for (const q of queued) await q.task();
    expect(t.mailer.sent.slice(sentBefore).map((m) => [m.to, m.subject])).toEqual([
      [email, 'Reset your Iconocast password'],
      [email, 'Your Iconocast sign-in link'],
    ]);
  });

  it('leaves two-factor on after a reset (a reset proves the inbox, not the device)', async () => {
    const { email, browser } = await signUp(t);
    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/setup',
      headers: browser.headers,
    });
    const { secret } = setup.json() as { secret: string };
    const enabled = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/enable',
      headers: browser.headers,
      payload: { password: 'a quiet walk by the river', code: totpCode(secret, t.clock.now()) },
    });
    expect(enabled.statusCode).toBe(200);
    await requestReset(email);
    expect((await confirmReset(tokenFromEmail(email))).statusCode).toBe(204);
    const signIn = await signInRequest(t, email, NEW_PASSWORD);
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json()).toMatchObject({ twoFactorRequired: true });
  });

  it('sends at most 5 emails an hour to one address, still answering 202', async () => {
    const { email } = await signUp(t);
    const before = t.mailer.sent.filter((m) => m.to === email).length;
    for (let i = 0; i < 7; i++) expect((await requestReset(email)).statusCode).toBe(202);
    expect(t.mailer.sent.filter((m) => m.to === email).length - before).toBe(5);
  });

  it('answers 429 past 30 requests an hour from one address', async () => {
    const ip = nextIp();
    for (let i = 0; i < 30; i++) {
      expect((await requestReset(uniqueEmail('flood'), ip)).statusCode).toBe(202);
    }
    const res = await requestReset(uniqueEmail('flood'), ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('rate_limited');
  });

  it('keeps health details out of every email', async () => {
    // Its own emails: the reset link, then the notice that the password changed.
    const { email } = await signUp(t);
    const before = t.mailer.sent.length;
    expect((await requestReset(email)).statusCode).toBe(202);
    expect((await confirmReset(tokenFromEmail(email))).statusCode).toBe(204);
    const mine = t.mailer.sent.slice(before);
    expect(mine.map((m) => m.to)).toEqual([email, email]);
    for (const mail of mine) {
      expect(mail.subject).not.toMatch(HEALTH_WORDS);
      expect(mail.text).not.toMatch(HEALTH_WORDS);
    }
  });
});
