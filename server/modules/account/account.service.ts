import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type {
  AuditPage,
  ChangeEmailBody,
  ChangePasswordBody,
  DeleteAccountBody,
  UpdateAccountBody,
} from '../../../contracts/account.ts';
import type { Me } from '../../../contracts/auth.ts';
import type { AppDeps } from '../../app.ts';
import type { UserRow } from '../../db/schema/index.ts';
import { conflict, invalidField, unauthenticated } from '../../lib/errors.ts';
import type { Email } from '../../lib/mailer.ts';
import { assertAcceptablePassword, hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { authorize, policyContext, type Actor } from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { revokeCalendarFeedOf } from '../meetings/meetings.calendar.service.ts';
import type { SessionService } from '../auth/session.service.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import {
  countOtherActiveAdmins,
  findDisplayNames,
  findUserByEmail,
  findUserById,
  lockAdminSet,
  updateUser,
} from '../users/users.service.ts';
import * as repo from './account.repository.ts';
import { presentAuditEvent } from '../audit/audit.presenter.ts';
import { presentMe } from './account.presenter.ts';
import { runDeletionSteps } from './deletion.service.ts';
import { exportAccount, type ExportDocument } from './export.service.ts';
import type { BackgroundTasks } from '../../lib/background.ts';
import * as emails from './account.emails.ts';

const EMAIL_CHANGE_TTL_MS = 24 * 3_600_000;

export interface AuditPageQuery {
  before?: number;
  limit: number;
}

/** Everything a signed-in person does to their own account. */
export class AccountService {
  constructor(
    private readonly deps: Pick<AppDeps, 'config' | 'database' | 'clock' | 'mailer'>,
    private readonly sessions: SessionService,
    private readonly log: FastifyBaseLogger,
    /** Work that must not change an answer or its timing (see requestEmailChange). */
    private readonly tasks: BackgroundTasks,
  ) {}

  private get db() {
    return this.deps.database.db;
  }

  private present(user: UserRow): Me {
    return presentMe(user, { requireStaffTwoFactor: this.deps.config.requireStaffTwoFactor });
  }

  /** The actor's current row; a 401 when it has gone (the session outlived the account). */
  private async load(actor: Actor, action: 'account.read' | 'account.update'): Promise<UserRow> {
    const user = await findUserById(this.db, actor.userId);
    if (!user || user.status !== 'active') throw unauthenticated();
    authorize(actor, action, { ownerId: user.id }, policyContext(this.deps.config));
    return user;
  }

  private async assertPassword(user: UserRow, password: string, field: string): Promise<void> {
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw invalidField(field, 'That password is not right.');
    }
  }

  /** Sends a notice whose failure must not undo what already committed. */
  private async notify(email: Email): Promise<void> {
    try {
      await this.deps.mailer.send(email);
    } catch (err) {
      // The code only: a mail server's message can quote the address.
      const code = (err as { code?: unknown }).code ?? 'unknown';
      this.log.warn({ code: String(code) }, 'account notice email could not be sent');
    }
  }

  async me(actor: Actor): Promise<Me> {
    return this.present(await this.load(actor, 'account.read'));
  }

  async update(actor: Actor, body: UpdateAccountBody): Promise<Me> {
    await this.load(actor, 'account.update');
    const patch: Partial<UserRow> = {};
    if (body.displayName !== undefined) patch.displayName = body.displayName;
    if (body.pronouns !== undefined) patch.pronouns = body.pronouns || null;
    if (body.timezone !== undefined) patch.timezone = body.timezone;
    if (body.locale !== undefined) patch.locale = body.locale;
    if (body.profileVisibility !== undefined) patch.profileVisibility = body.profileVisibility;
    if (body.showPronouns !== undefined) patch.showPronouns = body.showPronouns;
    if (body.showMilestones !== undefined) patch.showMilestones = body.showMilestones;
    const fields = Object.keys(patch);
    const { clock } = this.deps;
    const user = await this.db.transaction(async (tx) => {
      const row = await updateUser(tx, actor.userId, { ...patch, updatedAt: clock.now() });
      if (fields.length > 0) {
        await recordAudit(tx, clock, {
          actorId: actor.userId,
          subjectId: actor.userId,
          action: 'account.profile_updated',
          resourceType: 'user',
          resourceId: actor.userId,
          // Which fields, never their values.
          meta: { fields: fields.sort().join(',') },
        });
      }
      return row;
    });
    if (!user) throw unauthenticated();
    return this.present(user);
  }

  /**
   * Stores a single-use link and mails it to the new address; the old one gets a notice.
   * An address that already has an account gets the same answer (so this cannot tell which
   * addresses are registered): nothing changes, and that address's owner is told instead.
   */
  async requestEmailChange(
    actor: Actor,
    body: z.infer<typeof ChangeEmailBody>,
  ): Promise<{ expiresAt: string }> {
    const user = await this.load(actor, 'account.update');
    await this.assertPassword(user, body.password, 'body.password');
    if (body.newEmail.toLowerCase() === user.email) {
      throw invalidField('body.newEmail', 'That is already your email address.');
    }

    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_TTL_MS);
    // Whether the address is taken decides what happens next, so all of it happens after
    // the answer: the same answer, in the same time, for a free and a registered address.
    const newEmail = body.newEmail.toLowerCase();
    this.tasks.run('email change', () => this.startEmailChange(user, newEmail, now, expiresAt));
    return { expiresAt: expiresAt.toISOString() };
  }

  /**
   * A link that confirms the address the account already uses (an account made at setup
   * starts unconfirmed). Confirming goes through the same page as an email change.
   */
  async requestEmailConfirmation(actor: Actor): Promise<{ expiresAt: string }> {
    const user = await this.load(actor, 'account.update');
    if (!user.email) throw unauthenticated();
    if (user.emailVerifiedAt) throw conflict('Your email address is already confirmed.');
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_TTL_MS);
    const email = user.email;
    const token = newToken();
    await this.db.transaction(async (tx) => {
      await repo.deleteUnusedTokens(tx, user.id, ['email_change']);
      await repo.insertAuthToken(tx, {
        id: hashToken(token),
        userId: user.id,
        purpose: 'email_change',
        newEmail: email,
        createdAt: now,
        expiresAt,
        usedAt: null,
      });
      await recordAudit(tx, this.deps.clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'account.email_confirmation_requested',
        resourceType: 'user',
        resourceId: user.id,
      });
    });
    const link = `${this.deps.config.publicUrl}/confirm-email?token=${encodeURIComponent(token)}`;
    await this.notify(emails.confirmNewEmail(email, link, user.locale));
    return { expiresAt: expiresAt.toISOString() };
  }

  /** The link to a free address (and a notice to the old one), or a word to a taken one's owner. */
  private async startEmailChange(
    user: UserRow,
    newEmail: string,
    now: Date,
    expiresAt: Date,
  ): Promise<void> {
    const { clock, config } = this.deps;
    const holder = await findUserByEmail(this.db, newEmail);
    if (holder) {
      if (holder.email && holder.status === 'active') {
        await this.notify(emails.emailChangeAttempt(holder.email, config.publicUrl, holder.locale));
      }
      return;
    }
    const token = newToken();
    await this.db.transaction(async (tx) => {
      // A newer request replaces any earlier link.
      await repo.deleteUnusedTokens(tx, user.id, ['email_change']);
      await repo.insertAuthToken(tx, {
        id: hashToken(token),
        userId: user.id,
        purpose: 'email_change',
        newEmail,
        createdAt: now,
        expiresAt,
        usedAt: null,
      });
      await recordAudit(tx, clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'account.email_change_requested',
        resourceType: 'user',
        resourceId: user.id,
      });
    });
    const link = `${config.publicUrl}/confirm-email?token=${encodeURIComponent(token)}`;
    await this.deps.mailer.send(emails.confirmNewEmail(newEmail, link, user.locale));
    if (user.email) await this.notify(emails.emailChangeNotice(user.email, user.locale));
  }

  async confirmEmailChange(actor: Actor, token: string): Promise<Me> {
    await this.load(actor, 'account.update');
    const { clock } = this.deps;
    const user = await this.db.transaction(async (tx) => {
      const now = clock.now();
      const row = await repo.consumeToken(tx, {
        id: hashToken(token),
        userId: actor.userId,
        purpose: 'email_change',
        now,
      });
      if (!row?.newEmail) {
        throw invalidField(
          'body.token',
          'This link has expired or was already used. Ask for a new one from your account page.',
        );
      }
      const holder = await findUserByEmail(tx, row.newEmail);
      if (holder && holder.id !== actor.userId) throw emailTaken();
      let updated: UserRow | undefined;
      try {
        updated = await updateUser(tx, actor.userId, {
          email: row.newEmail,
          emailVerifiedAt: now,
          updatedAt: now,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw emailTaken();
        throw err;
      }
      await recordAudit(tx, clock, {
        actorId: actor.userId,
        subjectId: actor.userId,
        action: 'account.email_changed',
        resourceType: 'user',
        resourceId: actor.userId,
      });
      return updated;
    });
    if (!user) throw unauthenticated();
    return this.present(user);
  }

  /** Changes the password and ends every session but this one. */
  async changePassword(actor: Actor, body: z.infer<typeof ChangePasswordBody>): Promise<void> {
    const user = await this.load(actor, 'account.update');
    await this.assertPassword(user, body.currentPassword, 'body.currentPassword');
    assertAcceptablePassword(body.newPassword, 'body.newPassword', user);
    const passwordHash = await hashPassword(body.newPassword);
    const { clock } = this.deps;
    const feedRevoked = await this.db.transaction(async (tx) => {
      await updateUser(tx, user.id, { passwordHash, updatedAt: clock.now() });
      await this.sessions.endAll(user.id, actor.sessionId, tx);
      // Links mailed before the change must not outlive it.
      await repo.deleteUnusedTokens(tx, user.id, ['password_reset', 'email_change']);
      await recordAudit(tx, clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'account.password_changed',
        resourceType: 'user',
        resourceId: user.id,
      });
      return revokeCalendarFeedOf(tx, clock, user.id, 'password_changed');
    });
    if (user.email) await this.notify(emails.passwordChanged(user.email, user.locale, feedRevoked));
  }

  /** The whole export file and its download name. */
  async exportData(actor: Actor): Promise<{ document: ExportDocument; filename: string }> {
    await this.load(actor, 'account.read');
    const document = await exportAccount({ db: this.db, clock: this.deps.clock }, actor.userId);
    return {
      document,
      filename: `iconocast-export-${document.exportedAt.slice(0, 10)}.json`,
    };
  }

  /**
   * Anonymises the account and removes every registered kind of personal data in one
   * transaction: either all of it goes, or nothing does.
   */
  async deleteAccount(actor: Actor, body: z.infer<typeof DeleteAccountBody>): Promise<void> {
    const user = await this.load(actor, 'account.update');
    await this.assertPassword(user, body.password, 'body.password');
    const { clock } = this.deps;
    await this.db.transaction(async (tx) => {
      let isLastActiveAdmin = false;
      if (user.role === 'admin') {
        // Without an admin the setup page reopens to anyone: keep at least one. The lock
        // holds until commit, so two admins deleting at once cannot both pass.
        await lockAdminSet(tx);
        isLastActiveAdmin = (await countOtherActiveAdmins(tx, user.id)) === 0;
      }
      authorize(
        actor,
        'account.delete',
        { ownerId: user.id, isLastActiveAdmin },
        policyContext(this.deps.config),
      );
      const now = clock.now();
      await updateUser(tx, user.id, {
        email: null,
        emailVerifiedAt: null,
        displayName: null,
        pronouns: null,
        passwordHash: null,
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        timezone: 'UTC',
        role: 'member',
        status: 'deleted',
        deletedAt: now,
        updatedAt: now,
      });
      await this.sessions.endAll(user.id, null, tx);
      await runDeletionSteps(tx, user.id);
      await recordAudit(tx, clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'account.deleted',
        resourceType: 'user',
        resourceId: user.id,
      });
    });
    if (user.email) await this.notify(emails.accountDeleted(user.email, user.locale));
  }

  /** Events about me or by me, newest first, with who did each one. */
  async auditPage(actor: Actor, query: AuditPageQuery): Promise<AuditPage> {
    const rows = await repo.listAuditEventsInvolving(this.db, actor.userId, {
      before: query.before,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const others = page
      .map((r) => r.actorId)
      .filter((id): id is string => id !== null && id !== actor.userId);
    const names = await findDisplayNames(this.db, others);
    return {
      events: page.map((r) => presentAuditEvent(r, actor.userId, names)),
      nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
    };
  }
}

function emailTaken() {
  const message = 'That email address is already used by another account.';
  return conflict(message, [{ field: 'body.newEmail', message }]);
}
