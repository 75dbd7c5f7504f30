import { z } from 'zod';
import {
  DisplayName,
  Email,
  Locale,
  Password,
  Pronouns,
  TimeZone,
} from '../../../contracts/common.ts';
import type { DbOrTx } from '../../db/client.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import type { NewUserRow, UserRow } from '../../db/schema/index.ts';
import { conflict, invalidField } from '../../lib/errors.ts';
import { assertAcceptablePassword, hashPassword } from '../../lib/passwords.ts';
import * as repo from './users.repository.ts';

// The users module: the one way other modules read, create and change people. Only this
// file imports users.repository (the lint fence enforces it).

export type { AdminUserFilter } from './users.repository.ts';

export const findUserById = repo.findUserById;
export const findUserByEmail = repo.findUserByEmail;
export const updateUser = repo.updateUser;
export const hasActiveAdmin = repo.hasActiveAdmin;
export const hasAnyUser = repo.hasAnyUser;
export const listUsersForAdmin = repo.listUsersForAdmin;
export const lockAdminSet = repo.lockAdminSet;
export const countOtherActiveAdmins = repo.countOtherActiveAdmins;
export const findDisplayNames = repo.findDisplayNames;
export const claimTotpStep = repo.claimTotpStep;

/** What every way of making an account (sign-up, setup, the admin CLI, the demo) gives. */
export const NewAccountInput = z.object({
  email: Email,
  password: Password,
  displayName: DisplayName,
  pronouns: Pronouns.optional().nullable(),
  timezone: TimeZone.optional(),
  locale: Locale.optional(),
});
export type NewAccountInput = z.input<typeof NewAccountInput>;

/** A checked, normalised account with its password hashed, ready for `createAccount`. */
export interface PreparedAccount {
  readonly email: string;
  readonly passwordHash: string;
  readonly displayName: string;
  readonly pronouns: string | null;
  readonly timezone: string;
  readonly locale: string;
}

/** How a caller names a field in errors: `body.email` for the API, `--email` for the CLI. */
export type FieldNamer = (field: keyof NewAccountInput) => string;
const bodyField: FieldNamer = (field) => `body.${field}`;

/**
 * Checks a new account's details (the sign-up contract's rules, and no common password),
 * normalises them (trimmed, lower-cased email, empty pronouns as none) and hashes the
 * password. Slow (argon2): call it before opening a transaction. A bad field throws a 400
 * naming it as `fieldName` says.
 */
export async function prepareAccount(
  input: NewAccountInput,
  fieldName: FieldNamer = bodyField,
): Promise<PreparedAccount> {
  const parsed = NewAccountInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidField(fieldName(issue.path[0] as keyof NewAccountInput), issue.message);
  }
  const v = parsed.data;
  assertAcceptablePassword(v.password, fieldName('password'), v);
  return {
    email: v.email.toLowerCase(),
    passwordHash: await hashPassword(v.password),
    displayName: v.displayName,
    pronouns: v.pronouns ? v.pronouns : null,
    timezone: v.timezone ?? 'UTC',
    locale: v.locale ?? 'en',
  };
}

export const emailInUse = (field = 'body.email') => {
  const message = 'That email address already has an account.';
  return conflict(message, [{ field, message }]);
};

export interface CreateAccountOptions {
  now: Date;
  role: UserRow['role'];
  /** The address is known to be theirs (an admin typed it, or a demo account). */
  emailVerified?: boolean;
  /**
   * Leave the password unset (sign-up): it is set when the emailed link is opened, so nobody
   * can sign in with a password until the address is proven.
   */
  passwordPending?: boolean;
}

/**
 * The one place an account is created. Throws `emailInUse()` (409) when the address already
 * has an account, also when another request took it between a check and this insert.
 */
export async function createAccount(
  db: DbOrTx,
  account: PreparedAccount,
  opts: CreateAccountOptions,
): Promise<UserRow> {
  const values: NewUserRow = {
    email: account.email,
    passwordHash: opts.passwordPending ? null : account.passwordHash,
    displayName: account.displayName,
    pronouns: account.pronouns,
    timezone: account.timezone,
    locale: account.locale,
    role: opts.role,
    status: 'active',
    emailVerifiedAt: opts.emailVerified ? opts.now : null,
    createdAt: opts.now,
    updatedAt: opts.now,
  };
  if (await repo.findUserByEmail(db, account.email)) throw emailInUse();
  try {
    // A savepoint, so a lost race leaves the caller's transaction usable.
    return await db.transaction((tx) => repo.insertUser(tx, values));
  } catch (err) {
    if (isUniqueViolation(err)) throw emailInUse();
    throw err;
  }
}
