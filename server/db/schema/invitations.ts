import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { groups } from './groups.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const invitationRoles = ['facilitator', 'admin'] as const;

/**
 * An emailed, one-time invitation to facilitate a group or to be an admin. `tokenHash` is
 * the SHA-256 of the link's token, so the database never holds a usable link.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The address the link was sent to: only an account with this email may accept. */
    email: text('email').notNull(),
    role: text('role', { enum: invitationRoles }).notNull(),
    /** The group to facilitate (facilitator invitations only). */
    groupId: uuid('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('invitations_email_idx').on(t.email), index('invitations_group_idx').on(t.groupId)],
);

export type InvitationRow = typeof invitations.$inferSelect;
export type NewInvitationRow = typeof invitations.$inferInsert;
