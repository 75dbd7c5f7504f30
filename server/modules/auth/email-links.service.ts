import { invalidField, rateLimited } from '../../lib/errors.ts';
import type { Email } from '../../lib/mailer.ts';
import { assertAcceptablePassword, hashPassword } from '../../lib/passwords.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { revokeCalendarFeedOf } from '../meetings/meetings.calendar.service.ts';
import * as users from '../users/users.service.ts';
import type { AttemptLimiter } from '../../lib/rate-limit.ts';
import { passwordChangedEmail, passwordResetEmail, signInLinkEmail } from './auth.emails.ts';
import * as tokens from './auth.repository.ts';
import {
  sendQuietly,
  type AuthDeps,
  type AuthService,
  type SignInOutcome,
} from './auth.service.ts';
import type { SessionMeta } from './session.service.ts';

const RESET_TTL_MS = 60 * 60_000;
/** An emailed sign-in link works for 15 minutes. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;

type LinkPurpose = 'password_reset' | 'sign_in_link';

interface LinkRequest {
  purpose: LinkPurpose;
  ttlMs: number;
  perIp: AttemptLimiter;
  perEmail: AttemptLimiter;
  audit: string;
  email: (to: string, publicUrl: string, token: string, language: string) => Email;
}

/** Links sent by email: a password reset, and a one-time sign-in link. */
export class EmailLinkService {
  constructor(
    private readonly deps: AuthDeps,
    private readonly auth: AuthService,
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  /**
   * The one shape of "email me a link": the per-IP limit may answer 429; everything that
   * depends on whether the address has an account (the lookup, the token, the audit row,
   * the email) runs after answering, so the answer and its timing are the same for a
   * registered and an unknown email. Over the per-email limit nothing is sent.
   */
  private async requestLink(email: string, ip: string | null, kind: LinkRequest): Promise<void> {
    const perIp = await kind.perIp.take(ip ?? 'unknown');
    if (!perIp.allowed) throw rateLimited(perIp.retryAfter);
    this.deps.tasks.run(kind.purpose, async () => {
      if (!(await kind.perEmail.take(email.toLowerCase())).allowed) return;
      await this.sendLink(email, kind);
    });
  }

  private async sendLink(email: string, kind: LinkRequest): Promise<void> {
    const { db, clock, config } = this.deps;
    const user = await users.findUserByEmail(db, email);
    if (!user || user.status !== 'active' || !user.email) return;
    const token = newToken();
    const now = this.now();
    await db.transaction(async (tx) => {
      await tokens.insertAuthToken(tx, {
        id: hashToken(token),
        userId: user.id,
        purpose: kind.purpose,
        createdAt: now,
        expiresAt: new Date(now.getTime() + kind.ttlMs),
      });
      await recordAudit(tx, clock, {
        actorId: null,
        subjectId: user.id,
        action: kind.audit,
        resourceType: 'user',
        resourceId: user.id,
      });
    });
    await sendQuietly(
      this.deps,
      kind.email(user.email, config.publicUrl, token, user.locale),
      kind.purpose,
    );
  }

  /** Emails a reset link when an active account uses `email`; says nothing either way. */
  requestPasswordReset(email: string, ip: string | null): Promise<void> {
    const { limits } = this.deps;
    return this.requestLink(email, ip, {
      purpose: 'password_reset',
      ttlMs: RESET_TTL_MS,
      perIp: limits.resetIp,
      perEmail: limits.resetEmail,
      audit: 'auth.password_reset_requested',
      email: passwordResetEmail,
    });
  }

  /** Emails a one-time sign-in link (no password needed); says nothing either way. */
  requestSignInLink(email: string, ip: string | null): Promise<void> {
    const { limits } = this.deps;
    return this.requestLink(email, ip, {
      purpose: 'sign_in_link',
      ttlMs: SIGN_IN_LINK_TTL_MS,
      perIp: limits.linkIp,
      perEmail: limits.linkEmail,
      audit: 'auth.sign_in_link_requested',
      email: signInLinkEmail,
    });
  }

  /**
   * Opens an emailed sign-in link (or the link that finishes a sign-up, which also sets the
   * password chosen then). Single use; proves the address; two-factor still applies.
   */
  async signInWithLink(
    token: string,
    meta: SessionMeta,
    endSessionId: string | null,
  ): Promise<SignInOutcome> {
    const { db } = this.deps;
    const invalidLink = () =>
      invalidField(
        'body.token',
        'This sign-in link has expired or was already used. Ask for a new one.',
      );
    const user = await db.transaction(async (tx) => {
      const now = this.now();
      const used = await tokens.consumeAuthToken(tx, hashToken(token), 'sign_in_link', now);
      if (!used) throw invalidLink();
      const current = await users.findUserById(tx, used.userId);
      if (!current || current.status !== 'active' || !current.email) throw invalidLink();
      const updated = await users.updateUser(tx, current.id, {
        emailVerifiedAt: current.emailVerifiedAt ?? now,
        // The sign-up's password, unless one was set meanwhile (e.g. by a reset).
        ...(used.passwordHash && !current.passwordHash ? { passwordHash: used.passwordHash } : {}),
        updatedAt: now,
      });
      return updated ?? current;
    });
    return this.auth.finishSignIn(user, meta, endSessionId, 'sign_in_link');
  }

  /**
   * Sets a new password from an emailed link; every session of that person ends. Two-factor
   * stays on: a reset proves the inbox, not the second factor (a recovery code or an admin's
   * reset is the way back without the device).
   */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    const { db, clock, sessions, config } = this.deps;
    assertAcceptablePassword(password, 'body.password');
    const invalidLink = () =>
      invalidField(
        'body.token',
        'This reset link has expired or was already used. Ask for a new one.',
      );
    const id = hashToken(token);
    // Cheap check first, so a bad link does not cost a password hash.
    const live = await tokens.findLiveAuthToken(db, id, 'password_reset', this.now());
    if (!live) throw invalidLink();
    // Only the link's owner learns that their own name or email is a poor password.
    assertAcceptablePassword(
      password,
      'body.password',
      (await users.findUserById(db, live.userId)) ?? {},
    );
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
      for (const purpose of ['password_reset', 'two_factor_challenge', 'sign_in_link'] as const) {
        await tokens.retireUserAuthTokens(tx, current.id, purpose, now);
      }
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
      await sendQuietly(
        this.deps,
        passwordChangedEmail(user.email, config.publicUrl, user.locale, feedRevoked),
        'password_changed',
      );
  }
}
