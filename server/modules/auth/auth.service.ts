import type { FastifyBaseLogger } from 'fastify';
import type {
  Me,
  SessionState,
  SessionView,
  SignInBody,
  SignUpBody,
} from '../../../contracts/auth.ts';
import type { Db } from '../../db/client.ts';
import type { SessionRow, UserRow } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Config } from '../../lib/config.ts';
import { AppError, conflict, invalidField, notFound, rateLimited } from '../../lib/errors.ts';
import type { Email, Mailer } from '../../lib/mailer.ts';
import { assertNotCommon, hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import type { Actor } from '../../policies/actor.ts';
import { presentMe } from '../account/account.presenter.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { revokeCalendarFeedOf } from '../meetings/meetings.calendar.service.ts';
import * as users from '../users/users.repository.ts';
import type { AuthLimits } from './auth.limits.ts';
import { passwordChangedEmail, passwordResetEmail } from './auth.emails.ts';
import { presentSession } from './auth.presenter.ts';
import * as tokens from './auth.repository.ts';
import { matchTotpStep, newTotpSecret } from './auth.totp.ts';
import { SecretBox } from '../../lib/secret-box.ts';
import type { SessionMeta, SessionService } from './session.service.ts';

const RESET_TTL_MS = 60 * 60_000;
const CHALLENGE_TTL_MS = 5 * 60_000;

export interface AuthDeps {
  db: Db;
  clock: Clock;
  config: Config;
  mailer: Mailer;
  sessions: SessionService;
  limits: AuthLimits;
  log: FastifyBaseLogger;
}

/** What the route needs to set the cookie: the raw token never leaves this pair. */
export interface StartedSession {
  user: Me;
  token: string;
  csrfToken: string;
}

export type SignInOutcome =
  ({ kind: 'signed_in' } & StartedSession) | { kind: 'two_factor'; challenge: string };

/** Unknown email, wrong password, suspended: one answer, so none can be told apart. */
const badCredentials = () =>
  new AppError(401, 'unauthenticated', 'That email and password do not match.');

const challengeExpired = () =>
  new AppError(401, 'unauthenticated', 'This sign-in has expired. Please sign in again.');

const wrongCode = () =>
  invalidField(
    'body.code',
    'That code did not match. Check the time on your device and try the newest code.',
  );

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Sign-up, sign-in (with two-factor), password reset, sessions and two-factor settings. */
export class AuthService {
  /** Two-factor seeds are stored encrypted under a key derived from the server secret. */
  private readonly totpBox: SecretBox;

  constructor(private readonly deps: AuthDeps) {
    this.totpBox = new SecretBox(deps.config.sessionSecret, 'totp-secret');
  }

  /** True when `code` is right for this person now and was not used before (no replay). */
  private async acceptCode(user: UserRow, code: string): Promise<boolean> {
    const secret = user.totpSecret ? this.totpBox.open(user.totpSecret) : null;
    if (!secret) return false;
    const step = matchTotpStep(secret, code, this.now());
    return step !== null && (await users.claimTotpStep(this.deps.db, user.id, step));
  }

  private me(user: UserRow): Me {
    return presentMe(user, { requireStaffTwoFactor: this.deps.config.requireStaffTwoFactor });
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  /** Sends without failing the request; the error is logged without the address. */
  private sendQuietly(email: Email, what: string): Promise<void> {
    return this.deps.mailer.send(email).catch((err: unknown) => {
      const name = err instanceof Error ? err.name : 'unknown';
      this.deps.log.error({ errName: name, what }, 'an email could not be sent');
    });
  }

  /** A new member with a new session; a session the request carried ends. */
  async signUp(
    body: SignUpBody,
    meta: SessionMeta,
    endSessionId: string | null = null,
  ): Promise<StartedSession> {
    const { db, clock, limits } = this.deps;
    const slot = await limits.signUpIp.take(meta.ip ?? 'unknown');
    if (!slot.allowed) throw rateLimited(slot.retryAfter);
    assertNotCommon(body.password, 'body.password');

    const taken = () =>
      conflict(
        'An account already uses this email. You can sign in, or reset your password if you have forgotten it.',
        [{ field: 'body.email', message: 'An account already uses this email.' }],
      );
    if (await users.findUserByEmail(db, body.email)) throw taken();

    const passwordHash = await hashPassword(body.password);
    const now = this.now();
    try {
      return await db.transaction(async (tx) => {
        const user = await users.insertUser(tx, {
          email: body.email,
          passwordHash,
          displayName: body.displayName,
          pronouns: body.pronouns ? body.pronouns : null,
          timezone: body.timezone,
          locale: body.locale ?? 'en',
          role: 'member',
          createdAt: now,
          updatedAt: now,
        });
        await recordAudit(tx, clock, {
          actorId: user.id,
          subjectId: user.id,
          action: 'auth.signed_up',
          resourceType: 'user',
          resourceId: user.id,
        });
        if (endSessionId) await this.deps.sessions.end(endSessionId, tx);
        const { token, session } = await this.deps.sessions.create(user.id, meta, tx);
        return { user: this.me(user), token, csrfToken: session.csrfToken };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw taken();
      throw err;
    }
  }

  private async assertNotThrottled(accountKey: string, ip: string): Promise<void> {
    const { limits } = this.deps;
    const wait = Math.max(
      await limits.signInAccount.retryAfter(accountKey),
      await limits.signInIp.retryAfter(ip),
    );
    if (wait > 0) throw rateLimited(wait);
  }

  private async countFailure(accountKey: string, ip: string): Promise<void> {
    const { limits } = this.deps;
    await Promise.all([limits.signInAccount.hit(accountKey), limits.signInIp.hit(ip)]);
  }

  /** Checks the password; with two-factor on, answers a challenge instead of a session. */
  async signIn(
    body: SignInBody,
    meta: SessionMeta,
    endSessionId: string | null,
  ): Promise<SignInOutcome> {
    const { db } = this.deps;
    const ip = meta.ip ?? 'unknown';
    await this.assertNotThrottled(body.email, ip);

    const user = await users.findUserByEmail(db, body.email);
    const matches = await verifyPassword(user?.passwordHash ?? null, body.password);
    if (!user || !matches || user.status !== 'active') {
      await this.countFailure(body.email, ip);
      throw badCredentials();
    }

    if (user.totpEnabledAt && user.totpSecret) {
      const challenge = newToken();
      const now = this.now();
      await tokens.insertAuthToken(db, {
        id: hashToken(challenge),
        userId: user.id,
        purpose: 'two_factor_challenge',
        newEmail: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
        usedAt: null,
      });
      return { kind: 'two_factor', challenge };
    }
    return {
      kind: 'signed_in',
      ...(await this.startSession(user, meta, endSessionId, 'password')),
    };
  }

  /** The second step: a one-time challenge from sign-in plus a code from the authenticator. */
  async completeTwoFactor(
    body: { challenge: string; code: string },
    meta: SessionMeta,
    endSessionId: string | null,
  ): Promise<StartedSession> {
    const { db, limits } = this.deps;
    const ip = meta.ip ?? 'unknown';
    const challengeId = hashToken(body.challenge);
    const found = await tokens.findLiveAuthToken(
      db,
      challengeId,
      'two_factor_challenge',
      this.now(),
    );
    if (!found) throw challengeExpired();
    const user = await users.findUserById(db, found.userId);
    if (
      !user ||
      user.status !== 'active' ||
      !user.email ||
      !user.totpSecret ||
      !user.totpEnabledAt
    ) {
      throw challengeExpired();
    }
    await this.assertNotThrottled(user.email, ip);

    if (!(await this.acceptCode(user, body.code))) {
      await this.countFailure(user.email, ip);
      await limits.challenge.hit(challengeId);
      if ((await limits.challenge.retryAfter(challengeId)) > 0) {
        // Too many guesses on one challenge: spend it, so the password must be given again.
        await tokens.consumeAuthToken(db, challengeId, 'two_factor_challenge', this.now());
      }
      throw wrongCode();
    }
    const consumed = await tokens.consumeAuthToken(
      db,
      challengeId,
      'two_factor_challenge',
      this.now(),
    );
    if (!consumed) throw challengeExpired();
    return this.startSession(user, meta, endSessionId, 'two_factor');
  }

  /** A brand-new session (never a reused id); any session the request carried ends. */
  private async startSession(
    user: UserRow,
    meta: SessionMeta,
    endSessionId: string | null,
    method: 'password' | 'two_factor',
  ): Promise<StartedSession> {
    const { db, clock, sessions } = this.deps;
    return db.transaction(async (tx) => {
      if (endSessionId) await sessions.end(endSessionId, tx);
      const { token, session } = await sessions.create(user.id, meta, tx);
      await recordAudit(tx, clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'auth.signed_in',
        resourceType: 'session',
        meta: { method },
      });
      return { user: this.me(user), token, csrfToken: session.csrfToken };
    });
  }

  async signOut(sessionId: string | null): Promise<void> {
    if (sessionId) await this.deps.sessions.end(sessionId);
  }

  /** Who is signed in; the full profile is read here, since `request.user` carries little. */
  async sessionState(actor: Actor | null, session: SessionRow | null): Promise<SessionState> {
    const user = actor && session ? await users.findUserById(this.deps.db, actor.userId) : null;
    const signedIn = user && session ? { user: this.me(user), csrfToken: session.csrfToken } : null;
    return {
      user: signedIn?.user ?? null,
      csrfToken: signedIn?.csrfToken ?? null,
      setupRequired: !(await users.hasActiveAdmin(this.deps.db)),
    };
  }

  /**
   * Emails a reset link when an active account uses `email`; says nothing either way. The
   * email is sent after answering begins (not awaited), so timing does not tell either.
   */
  async requestPasswordReset(email: string, ip: string | null): Promise<void> {
    const { db, clock, limits, config } = this.deps;
    const perIp = await limits.resetIp.take(ip ?? 'unknown');
    if (!perIp.allowed) throw rateLimited(perIp.retryAfter);
    // Over the per-email limit: the same 202, but no more emails to that inbox.
    const perEmail = await limits.resetEmail.take(email);
    if (!perEmail.allowed) return;

    const user = await users.findUserByEmail(db, email);
    if (!user || user.status !== 'active' || !user.email) return;
    const token = newToken();
    const now = this.now();
    await db.transaction(async (tx) => {
      await tokens.insertAuthToken(tx, {
        id: hashToken(token),
        userId: user.id,
        purpose: 'password_reset',
        newEmail: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + RESET_TTL_MS),
        usedAt: null,
      });
      await recordAudit(tx, clock, {
        actorId: null,
        subjectId: user.id,
        action: 'auth.password_reset_requested',
        resourceType: 'user',
        resourceId: user.id,
      });
    });
    void this.sendQuietly(
      passwordResetEmail(user.email, config.publicUrl, token, user.locale),
      'password_reset',
    );
  }

  /** Sets a new password from an emailed link; every session of that person ends. */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    const { db, clock, sessions, config } = this.deps;
    assertNotCommon(password, 'body.password');
    const invalidLink = () =>
      invalidField(
        'body.token',
        'This reset link has expired or was already used. Ask for a new one.',
      );
    const id = hashToken(token);
    // Cheap check first, so a bad link does not cost a password hash.
    if (!(await tokens.findLiveAuthToken(db, id, 'password_reset', this.now())))
      throw invalidLink();
    const passwordHash = await hashPassword(password);

    const { user, feedRevoked } = await db.transaction(async (tx) => {
      const now = this.now();
      const used = await tokens.consumeAuthToken(tx, id, 'password_reset', now);
      if (!used) throw invalidLink();
      const current = await users.findUserById(tx, used.userId);
      if (!current || current.status !== 'active' || !current.email) throw invalidLink();
      const updated = await users.updateUser(tx, current.id, {
        passwordHash,
        updatedAt: now,
        // Opening the emailed link proves the address is theirs.
        emailVerifiedAt: current.emailVerifiedAt ?? now,
      });
      await tokens.retireUserAuthTokens(tx, current.id, 'password_reset', now);
      await tokens.retireUserAuthTokens(tx, current.id, 'two_factor_challenge', now);
      await sessions.endAll(current.id, null, tx);
      await recordAudit(tx, clock, {
        actorId: current.id,
        subjectId: current.id,
        action: 'auth.password_reset',
        resourceType: 'user',
        resourceId: current.id,
      });
      // A reset may mean the account was taken over: the calendar URL needs no session.
      const revoked = await revokeCalendarFeedOf(tx, clock, current.id, 'password_reset');
      return { user: updated ?? current, feedRevoked: revoked };
    });
    if (user.email)
      await this.sendQuietly(
        passwordChangedEmail(user.email, config.publicUrl, user.locale, feedRevoked),
        'password_changed',
      );
  }

  async listSessions(actor: Actor): Promise<SessionView[]> {
    const rows = await this.deps.sessions.list(actor.userId);
    return rows.map((row) => presentSession(row, actor.sessionId));
  }

  /** Ends one of my sessions; someone else's answers 404 like a missing one. */
  async revokeSession(actor: Actor, sessionId: string): Promise<void> {
    const { db, clock } = this.deps;
    await db.transaction(async (tx) => {
      const ended = await this.deps.sessions.endOne(actor.userId, sessionId, tx);
      if (!ended) throw notFound('That session');
      await recordAudit(tx, clock, {
        actorId: actor.userId,
        subjectId: actor.userId,
        action: 'auth.session_revoked',
        resourceType: 'session',
        meta: { scope: sessionId === actor.sessionId ? 'current' : 'one' },
      });
    });
  }

  async revokeOtherSessions(actor: Actor): Promise<void> {
    const { db, clock, sessions } = this.deps;
    await db.transaction(async (tx) => {
      await sessions.endAll(actor.userId, actor.sessionId, tx);
      await recordAudit(tx, clock, {
        actorId: actor.userId,
        subjectId: actor.userId,
        action: 'auth.session_revoked',
        resourceType: 'session',
        meta: { scope: 'others' },
      });
    });
  }

  private async getActiveUser(actor: Actor): Promise<UserRow & { email: string }> {
    const user = await users.findUserById(this.deps.db, actor.userId);
    if (!user || user.status !== 'active' || !user.email) throw notFound('Your account');
    return user as UserRow & { email: string };
  }

  /** A new secret, stored but not in use until a code from it is confirmed. */
  async setupTwoFactor(
    actor: Actor,
  ): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
    const user = await this.getActiveUser(actor);
    if (user.totpEnabledAt) {
      throw conflict('Two-step sign-in is already on. Turn it off first to set up a new device.');
    }
    const setup = await newTotpSecret(user.email);
    await users.updateUser(this.deps.db, user.id, {
      totpSecret: this.totpBox.seal(setup.secret),
      updatedAt: this.now(),
    });
    return setup;
  }

  /** Wrong codes and passwords here count like sign-in failures. */
  private async assertCodeAndCount(user: UserRow & { email: string }, code: string, ip: string) {
    if (!(await this.acceptCode(user, code))) {
      await this.countFailure(user.email, ip);
      throw wrongCode();
    }
  }

  async enableTwoFactor(actor: Actor, code: string, ip: string | null): Promise<Me> {
    const { db, clock } = this.deps;
    const user = await this.getActiveUser(actor);
    if (user.totpEnabledAt) throw conflict('Two-step sign-in is already on.');
    if (!user.totpSecret) {
      throw invalidField('body.code', 'Start the set-up first, then enter a code from your app.');
    }
    await this.assertNotThrottled(user.email, ip ?? 'unknown');
    await this.assertCodeAndCount(user, code, ip ?? 'unknown');
    const updated = await db.transaction(async (tx) => {
      const now = this.now();
      const row = await users.updateUser(tx, user.id, { totpEnabledAt: now, updatedAt: now });
      await recordAudit(tx, clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'auth.two_factor_enabled',
        resourceType: 'user',
        resourceId: user.id,
      });
      return row;
    });
    return this.me(updated ?? user);
  }

  async disableTwoFactor(
    actor: Actor,
    password: string,
    code: string,
    ip: string | null,
  ): Promise<Me> {
    const { db, clock } = this.deps;
    const user = await this.getActiveUser(actor);
    if (!user.totpEnabledAt || !user.totpSecret) throw conflict('Two-step sign-in is already off.');
    const where = ip ?? 'unknown';
    await this.assertNotThrottled(user.email, where);
    if (!(await verifyPassword(user.passwordHash, password))) {
      await this.countFailure(user.email, where);
      throw invalidField('body.password', 'That password is not right.');
    }
    await this.assertCodeAndCount(user, code, where);
    const updated = await db.transaction(async (tx) => {
      const now = this.now();
      const row = await users.updateUser(tx, user.id, {
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        updatedAt: now,
      });
      await recordAudit(tx, clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'auth.two_factor_disabled',
        resourceType: 'user',
        resourceId: user.id,
      });
      return row;
    });
    return this.me(updated ?? user);
  }
}
