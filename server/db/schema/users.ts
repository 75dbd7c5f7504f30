import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const userRoles = ['member', 'facilitator', 'admin'] as const;
export const userStatuses = ['active', 'suspended', 'deleted'] as const;
export const profileVisibilities = ['group_members', 'facilitators'] as const;

/**
 * People. A deleted account keeps its row (so group content can say "former member")
 * with every personal field emptied.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Lower-cased; null once the account is deleted. */
    email: text('email'),
    emailVerifiedAt: ts('email_verified_at'),
    passwordHash: text('password_hash'),
    /** Null once the account is deleted: shown as "Former member". */
    displayName: text('display_name'),
    pronouns: text('pronouns'),
    timezone: text('timezone').notNull().default('UTC'),
    locale: text('locale').notNull().default('en'),
    role: text('role', { enum: userRoles }).notNull().default('member'),
    status: text('status', { enum: userStatuses }).notNull().default('active'),
    /** Who may see my display name and pronouns in group lists. */
    profileVisibility: text('profile_visibility', { enum: profileVisibilities })
      .notNull()
      .default('group_members'),
    showPronouns: boolean('show_pronouns').notNull().default(true),
    showMilestones: boolean('show_milestones').notNull().default(false),
    totpSecret: text('totp_secret'),
    totpEnabledAt: ts('totp_enabled_at'),
    /** The last 30-second step a code was accepted for: a code works once. */
    totpLastStep: integer('totp_last_step'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    suspendedAt: ts('suspended_at'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    uniqueIndex('users_email_unique')
      .on(t.email)
      .where(sql`${t.email} is not null`),
    index('users_role_idx').on(t.role),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
