import { randomInt } from 'node:crypto';
import type { Me, TwoFactorEnabled, TwoFactorSetup } from '../../../contracts/auth.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { UserRow } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, conflict, invalidField, notFound } from '../../lib/errors.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { SecretBox } from '../../lib/secret-box.ts';
import type { Actor } from '../../policies/actor.ts';
import { presentMe } from '../account/account.presenter.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as users from '../users/users.service.ts';
import { sendQuietly, type AuthDeps } from './auth.service.ts';
import { twoFactorResetEmail } from './auth.emails.ts';
import { assertSignInAllowed, countSignInFailure } from './auth.limits.ts';
import * as repo from './auth.repository.ts';
import { matchTotpStep, newTotpSecret } from './auth.totp.ts';

/** How many recovery codes a person gets at a time. */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A fresh code shown as `abcde-fghij` (50 random bits). */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** The form a recovery code is hashed in: lower case, no hyphen or spaces. */
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
const looksLikeTotp = (code: string) => /^\d{6}$/.test(code.trim());

const wrongCode = () =>
  invalidField(
    'body.code',
    'That code did not match. Check the time on your device and try the newest code.',
  );

/** A right code that was already used: a TOTP code within its window, or a spent recovery code. */
export const codeAlreadyUsed = () => {
  const message =
    'That code was already used. Wait for the next code from your app, or use another recovery code.';
  return new AppError(400, 'two_factor_code_used', `body.code: ${message}`, [
    { field: 'body.code', message },
  ]);
};

export type SecondFactorOutcome =
  | { kind: 'accepted'; method: 'two_factor' | 'recovery_code' }
  | { kind: 'rejected'; error: AppError };

type ActiveUser = UserRow & { email: string };

/** Two-step sign-in: the authenticator secret, recovery codes, and an admin's reset. */
export class TwoFactorService {
  /** Two-factor seeds are stored encrypted under a key derived from the server secret. */
  private readonly totpBox: SecretBox;

  constructor(private readonly deps: AuthDeps) {
    this.totpBox = new SecretBox(deps.config.sessionSecret, 'totp-secret');
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private me(user: UserRow): Me {
    return presentMe(user, { requireStaffTwoFactor: this.deps.config.requireStaffTwoFactor });
  }

  /** A code from the authenticator (once per 30-second step) or an unused recovery code. */
  async acceptSecondFactor(user: UserRow, code: string): Promise<SecondFactorOutcome> {
    const rejected = (error: AppError): SecondFactorOutcome => ({ kind: 'rejected', error });
    if (looksLikeTotp(code)) {
      const secret = user.totpSecret ? this.totpBox.open(user.totpSecret) : null;
      const step = secret ? matchTotpStep(secret, code.trim(), this.now()) : null;
      if (step === null) return rejected(wrongCode());
      if (!(await users.claimTotpStep(this.deps.db, user.id, step))) {
        return rejected(codeAlreadyUsed());
      }
      return { kind: 'accepted', method: 'two_factor' };
    }
    const given = normaliseRecoveryCode(code);
    for (const row of await repo.listRecoveryCodes(this.deps.db, user.id)) {
      if (!(await verifyPassword(row.codeHash, given))) continue;
      if (row.usedAt || !(await repo.useRecoveryCode(this.deps.db, row.id, this.now()))) {
        return rejected(codeAlreadyUsed());
      }
      return { kind: 'accepted', method: 'recovery_code' };
    }
    return rejected(wrongCode());
  }

  private async getActiveUser(actor: Actor): Promise<ActiveUser> {
    const user = await users.findUserById(this.deps.db, actor.userId);
    if (!user || user.status !== 'active' || !user.email) throw notFound('Your account');
    return user as ActiveUser;
  }

  /** The password again (counted like a sign-in failure when wrong). */
  private async assertPassword(user: ActiveUser, password: string, ip: string): Promise<void> {
    await assertSignInAllowed(this.deps.limits, user.email, ip);
    if (!(await verifyPassword(user.passwordHash, password))) {
      await countSignInFailure(this.deps.limits, user.email, ip);
      throw invalidField('body.password', 'That password is not right.');
    }
  }

  /** An authenticator code (never a recovery code) for managing two-factor itself. */
  private async assertTotp(user: ActiveUser, code: string, ip: string): Promise<void> {
    const outcome = looksLikeTotp(code)
      ? await this.acceptSecondFactor(user, code)
      : ({ kind: 'rejected', error: wrongCode() } as const);
    if (outcome.kind === 'rejected') {
      await countSignInFailure(this.deps.limits, user.email, ip);
      throw outcome.error;
    }
  }

  /** Ten new codes; their hashes replace any earlier ones (argon2, like passwords). */
  private async newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const hashes = await Promise.all(codes.map((c) => hashPassword(normaliseRecoveryCode(c))));
    return { codes, hashes };
  }

  /** A new secret, stored but not in use until a code from it is confirmed. */
  async setup(actor: Actor): Promise<TwoFactorSetup> {
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

  /** Turns two-factor on (password and a code from the new secret); answers the recovery codes once. */
  async enable(
    actor: Actor,
    body: { password: string; code: string },
    ip: string | null,
  ): Promise<TwoFactorEnabled> {
    const { db, clock } = this.deps;
    const where = ip ?? 'unknown';
    const user = await this.getActiveUser(actor);
    if (user.totpEnabledAt) throw conflict('Two-step sign-in is already on.');
    if (!user.totpSecret) {
      throw invalidField('body.code', 'Start the set-up first, then enter a code from your app.');
    }
    await this.assertPassword(user, body.password, where);
    await this.assertTotp(user, body.code, where);
    const { codes, hashes } = await this.newRecoveryCodes();
    const updated = await db.transaction(async (tx) => {
      const now = this.now();
      const row = await users.updateUser(tx, user.id, { totpEnabledAt: now, updatedAt: now });
      await repo.replaceRecoveryCodes(tx, user.id, hashes, now);
      await recordAudit(tx, clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'auth.two_factor_enabled',
        resourceType: 'user',
        resourceId: user.id,
      });
      return row;
    });
    return { user: this.me(updated ?? user), recoveryCodes: codes };
  }

  /** New recovery codes for the password; the old ones stop working. */
  async regenerateRecoveryCodes(
    actor: Actor,
    password: string,
    ip: string | null,
  ): Promise<string[]> {
    const { db, clock } = this.deps;
    const user = await this.getActiveUser(actor);
    if (!user.totpEnabledAt) throw conflict('Turn on two-step sign-in first.');
    await this.assertPassword(user, password, ip ?? 'unknown');
    const { codes, hashes } = await this.newRecoveryCodes();
    await db.transaction(async (tx) => {
      await repo.replaceRecoveryCodes(tx, user.id, hashes, this.now());
      await recordAudit(tx, clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'auth.recovery_codes_generated',
        resourceType: 'user',
        resourceId: user.id,
      });
    });
    return codes;
  }

  async disable(
    actor: Actor,
    body: { password: string; code: string },
    ip: string | null,
  ): Promise<Me> {
    const user = await this.getActiveUser(actor);
    if (!user.totpEnabledAt || !user.totpSecret) throw conflict('Two-step sign-in is already off.');
    const where = ip ?? 'unknown';
    await this.assertPassword(user, body.password, where);
    await this.assertTotp(user, body.code, where);
    const updated = await this.deps.db.transaction((tx) =>
      switchOffTwoFactor(tx, this.deps.clock, user.id, {
        actorId: user.id,
        action: 'auth.two_factor_disabled',
      }),
    );
    return this.me(updated ?? user);
  }
}

/**
 * Two-factor off for `userId`: secret, recovery codes and pending challenges gone, with its
 * audit row, in the caller's transaction.
 */
export async function switchOffTwoFactor(
  tx: DbOrTx,
  clock: Clock,
  userId: string,
  /** `actorId` null: the server's operator (the admin CLI). */
  audit: { actorId: string | null; action: 'auth.two_factor_disabled' | 'auth.two_factor_reset' },
): Promise<UserRow | undefined> {
  const now = clock.now();
  const row = await users.updateUser(tx, userId, {
    totpSecret: null,
    totpEnabledAt: null,
    totpLastStep: null,
    updatedAt: now,
  });
  await repo.deleteRecoveryCodes(tx, userId);
  await repo.retireUserAuthTokens(tx, userId, 'two_factor_challenge', now);
  await recordAudit(tx, clock, {
    actorId: audit.actorId,
    subjectId: userId,
    action: audit.action,
    resourceType: 'user',
    resourceId: userId,
  });
  return row;
}

/** Tells a person an admin switched their two-factor off (no health detail, no reason). */
export function tellTwoFactorReset(
  deps: Parameters<typeof sendQuietly>[0] & { publicUrl: string },
  user: Pick<UserRow, 'email' | 'locale'>,
): Promise<void> {
  if (!user.email) return Promise.resolve();
  return sendQuietly(
    deps,
    twoFactorResetEmail(user.email, deps.publicUrl, user.locale),
    'two_factor_reset',
  );
}
