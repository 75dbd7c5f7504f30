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
import type { BackgroundTasks } from '../../lib/background.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Config } from '../../lib/config.ts';
import { AppError, notFound, rateLimited } from '../../lib/errors.ts';
import type { Email, Mailer } from '../../lib/mailer.ts';
import { verifyPassword } from '../../lib/passwords.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import type { Actor } from '../../policies/actor.ts';
import { presentMe } from '../account/account.presenter.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as users from '../users/users.service.ts';
import { assertSignInAllowed, countSignInFailure, type AuthLimits } from './auth.limits.ts';
import { signUpAttemptEmail, signUpLinkEmail } from './auth.emails.ts';
import { presentSession } from './auth.presenter.ts';
import * as tokens from './auth.repository.ts';
import type { SessionMeta, SessionService } from './session.service.ts';
import type { TwoFactorService } from './two-factor.service.ts';

const CHALLENGE_TTL_MS = 5 * 60_000;
/** The link that finishes a sign-up works for a day. */
export const SIGN_UP_LINK_TTL_MS = 24 * 3_600_000;

export interface AuthDeps {
  db: Db;
  clock: Clock;
  config: Config;
  mailer: Mailer;
  sessions: SessionService;
  limits: AuthLimits;
  log: FastifyBaseLogger;
  /** Work done after answering, so the answer's timing tells nothing. */
  tasks: BackgroundTasks;
}

/** What the route needs to set the cookie: the raw token never leaves this pair. */
export interface StartedSession {
  user: Me;
  token: string;
  csrfToken: string;
}

export type SignInOutcome =
  ({ kind: 'signed_in' } & StartedSession) | { kind: 'two_factor'; challenge: string };

export type SignInMethod = 'password' | 'two_factor' | 'recovery_code' | 'sign_in_link';

/** Unknown email, wrong password, suspended: one answer, so none can be told apart. */
const badCredentials = () =>
  new AppError(401, 'unauthenticated', 'That email and password do not match.');

const challengeExpired = () =>
  new AppError(401, 'unauthenticated', 'This sign-in has expired. Please sign in again.');

/** Sends without failing the caller; the error is logged without the address. */
export function sendQuietly(
  deps: { mailer: Mailer; log: Pick<FastifyBaseLogger, 'error'> },
  email: Email,
  what: string,
) {
  return deps.mailer.send(email).catch((err: unknown) => {
    const name = err instanceof Error ? err.name : 'unknown';
    deps.log.error({ errName: name, what }, 'an email could not be sent');
  });
}

/** Sign-up, sign-in (with two-factor) and sessions. */
/** An account made by sign-up whose emailed link was never opened: no password, unconfirmed. */
const isUnfinishedSignUp = (user: UserRow) =>
  user.passwordHash === null && user.emailVerifiedAt === null && user.totpEnabledAt === null;

export class AuthService {
  constructor(
    private readonly deps: AuthDeps,
    private readonly twoFactor: TwoFactorService,
  ) {}

  me(user: UserRow): Me {
    return presentMe(user, { requireStaffTwoFactor: this.deps.config.requireStaffTwoFactor });
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  /**
   * Checks and hashes on the request path, then answers the same for a new and a registered
   * address: the account is made (or the owner told) after answering. A new account cannot
   * be signed into until the emailed link is opened, so a sign-in cannot tell either.
   */
  async signUp(body: SignUpBody, meta: SessionMeta): Promise<void> {
    const slot = await this.deps.limits.signUpIp.take(meta.ip ?? 'unknown');
    if (!slot.allowed) throw rateLimited(slot.retryAfter);
    const account = await users.prepareAccount(body);
    this.deps.tasks.run('sign_up', async () => {
      if (!(await this.deps.limits.signUpEmail.take(account.email)).allowed) return;
      await this.finishSignUp(account);
    });
  }

  /** After answering: the new account and its link, or a notice to the address's owner. */
  private async finishSignUp(account: users.PreparedAccount): Promise<void> {
    const { db, clock, config } = this.deps;
    const token = newToken();
    const now = this.now();
    let user: UserRow;
    try {
      user = await db.transaction(async (tx) => {
        const created = await users.createAccount(tx, account, {
          now,
          role: 'member',
          passwordPending: true,
        });
        await tokens.insertAuthToken(tx, {
          id: hashToken(token),
          userId: created.id,
          purpose: 'sign_in_link',
          passwordHash: account.passwordHash,
          createdAt: now,
          expiresAt: new Date(now.getTime() + SIGN_UP_LINK_TTL_MS),
        });
        await recordAudit(tx, clock, {
          actorId: created.id,
          subjectId: created.id,
          action: 'auth.signed_up',
          resourceType: 'user',
          resourceId: created.id,
        });
        return created;
      });
    } catch (err) {
      if (!(err instanceof AppError && err.status === 409)) throw err;
      const owner = await users.findUserByEmail(db, account.email);
      if (owner?.email && owner.status === 'active' && isUnfinishedSignUp(owner)) {
        // Asked again before the first link was opened (lost, or out of date): a new link
        // that sets the password chosen FIRST (so whoever asks again, perhaps not the
        // address's owner, cannot choose the password). The profile stays as first given.
        await this.sendSignUpLink(owner);
        return;
      }
      if (owner?.email && owner.status === 'active') {
        await sendQuietly(
          this.deps,
          signUpAttemptEmail(owner.email, config.publicUrl, owner.locale),
          'sign_up_attempt',
        );
      }
      return;
    }
    await sendQuietly(
      this.deps,
      signUpLinkEmail(account.email, config.publicUrl, token, user.locale),
      'sign_up_link',
    );
  }

  /**
   * A fresh link that finishes an unfinished sign-up (the "send it again" button), with the
   * first sign-up's password. Without one on record the link only proves the address and
   * signs in; a password can then be set by a reset.
   */
  private async sendSignUpLink(owner: UserRow): Promise<void> {
    const { db, clock, config } = this.deps;
    const token = newToken();
    const now = this.now();
    await db.transaction(async (tx) => {
      await tokens.insertAuthToken(tx, {
        id: hashToken(token),
        userId: owner.id,
        purpose: 'sign_in_link',
        passwordHash: await tokens.findSignUpPasswordHash(tx, owner.id),
        createdAt: now,
        expiresAt: new Date(now.getTime() + SIGN_UP_LINK_TTL_MS),
      });
      await recordAudit(tx, clock, {
        actorId: null,
        subjectId: owner.id,
        action: 'auth.sign_up_link_resent',
        resourceType: 'user',
        resourceId: owner.id,
      });
    });
    await sendQuietly(
      this.deps,
      signUpLinkEmail(owner.email!, config.publicUrl, token, owner.locale),
      'sign_up_link',
    );
  }

  /** Checks the password; with two-factor on, answers a challenge instead of a session. */
  async signIn(
    body: SignInBody,
    meta: SessionMeta,
    endSessionId: string | null,
  ): Promise<SignInOutcome> {
    const { db, limits } = this.deps;
    const ip = meta.ip ?? 'unknown';
    await assertSignInAllowed(limits, body.email, ip);

    const user = await users.findUserByEmail(db, body.email);
    const matches = await verifyPassword(user?.passwordHash ?? null, body.password);
    if (!user || !matches || user.status !== 'active') {
      await countSignInFailure(limits, body.email, ip);
      throw badCredentials();
    }
    return this.finishSignIn(user, meta, endSessionId, 'password');
  }

  /**
   * The first factor is proven (a password or an emailed link): a session, or a one-time
   * challenge when two-factor is on.
   */
  async finishSignIn(
    user: UserRow,
    meta: SessionMeta,
    endSessionId: string | null,
    method: SignInMethod,
  ): Promise<SignInOutcome> {
    if (user.totpEnabledAt && user.totpSecret) {
      const challenge = newToken();
      const now = this.now();
      await tokens.insertAuthToken(this.deps.db, {
        id: hashToken(challenge),
        userId: user.id,
        purpose: 'two_factor_challenge',
        createdAt: now,
        expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
      });
      return { kind: 'two_factor', challenge };
    }
    return { kind: 'signed_in', ...(await this.startSession(user, meta, endSessionId, method)) };
  }

  /**
   * The second step: a one-time challenge plus a code from the authenticator or a recovery
   * code. Only the pair limit applies here (the challenge already cost a password or a link,
   * and allows 5 guesses), so a spread-out attack on the password cannot block the owner.
   */
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
    if (!user || user.status !== 'active' || !user.email || !user.totpEnabledAt) {
      throw challengeExpired();
    }
    await assertSignInAllowed(limits, user.email, ip, { pairOnly: true });

    const outcome = await this.twoFactor.acceptSecondFactor(user, body.code);
    if (outcome.kind !== 'accepted') {
      await countSignInFailure(limits, user.email, ip);
      await limits.challenge.hit(challengeId);
      if ((await limits.challenge.retryAfter(challengeId)) > 0) {
        // Too many guesses on one challenge: spend it, so the first factor is needed again.
        await tokens.consumeAuthToken(db, challengeId, 'two_factor_challenge', this.now());
      }
      throw outcome.error;
    }
    const consumed = await tokens.consumeAuthToken(
      db,
      challengeId,
      'two_factor_challenge',
      this.now(),
    );
    if (!consumed) throw challengeExpired();
    return this.startSession(user, meta, endSessionId, outcome.method);
  }

  /** A brand-new session (never a reused id); any session the request carried ends. */
  private async startSession(
    user: UserRow,
    meta: SessionMeta,
    endSessionId: string | null,
    method: SignInMethod,
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
}
