import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only record of sensitive actions and reads. Rows are chained: `hash` covers the
 * row's fields and the previous row's hash, so an edited or removed row is detected.
 * A database trigger (see the migrations) refuses UPDATE and DELETE. No personal data
 * goes in here: only ids, an action name and small non-identifying facts in `meta`.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: uuid('actor_id'),
    subjectId: uuid('subject_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    meta: jsonb('meta').$type<Record<string, string | number | boolean | null>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_subject_idx').on(t.subjectId), index('audit_actor_idx').on(t.actorId)],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
