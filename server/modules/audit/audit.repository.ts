import { and, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditEvents, type AuditEventRow } from '../../db/schema/index.ts';

// The only code that reads or writes `audit_events` for the audit module. Rows are
// never updated or deleted (a database trigger refuses it).

/** Serialises appends so each row chains to the one before it. */
const CHAIN_LOCK = 7_447_001;

/** Holds the chain lock until the transaction ends. */
export async function lockAuditChain(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
}

/** The newest row's hash, or undefined for an empty log. */
export async function findLastAuditHash(db: DbOrTx): Promise<string | undefined> {
  const [last] = await db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return last?.hash;
}

export async function insertAuditEvent(db: DbOrTx, row: Omit<AuditEventRow, 'id'>): Promise<void> {
  await db.insert(auditEvents).values(row);
}

/** Oldest first, for walking the chain in batches. */
export async function listAuditEventsAfterId(
  db: DbOrTx,
  afterId: number,
  limit: number,
): Promise<AuditEventRow[]> {
  return db
    .select()
    .from(auditEvents)
    .where(gt(auditEvents.id, afterId))
    .orderBy(auditEvents.id)
    .limit(limit);
}

export interface AuditFilter {
  actorId?: string;
  subjectId?: string;
  action?: string;
  /** Keyset cursor: only events older than this id. */
  before?: number;
  limit: number;
}

/** Newest first. */
export async function listAuditEvents(db: DbOrTx, f: AuditFilter): Promise<AuditEventRow[]> {
  const conditions: SQL[] = [];
  if (f.actorId) conditions.push(eq(auditEvents.actorId, f.actorId));
  if (f.subjectId) conditions.push(eq(auditEvents.subjectId, f.subjectId));
  if (f.action) conditions.push(eq(auditEvents.action, f.action));
  if (f.before !== undefined) conditions.push(lt(auditEvents.id, f.before));
  return db
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(f.limit);
}
