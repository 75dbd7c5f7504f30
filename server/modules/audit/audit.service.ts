import { createHash } from 'node:crypto';
import { asc, desc, sql } from 'drizzle-orm';
import type { Clock } from '../../lib/clock.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { auditEvents, type AuditEventRow } from '../../db/schema/index.ts';

export type AuditMeta = Record<string, string | number | boolean | null>;

export interface AuditInput {
  actorId: string | null;
  /** The person the event is about: they can see it in their own activity log. */
  subjectId: string | null;
  /** Dotted verb, e.g. `user.role_changed`, `account.exported`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** Small non-identifying facts; never names, emails or health details. */
  meta?: AuditMeta;
}

const GENESIS = '0'.repeat(64);
/** Serialises appends so each row chains to the one before it. */
const CHAIN_LOCK = 7_447_001;

function canonicalMeta(meta: AuditMeta): string {
  return JSON.stringify(
    Object.keys(meta)
      .sort()
      .map((k) => [k, meta[k]]),
  );
}

export function hashAuditRow(
  row: Pick<
    AuditEventRow,
    | 'occurredAt'
    | 'actorId'
    | 'subjectId'
    | 'action'
    | 'resourceType'
    | 'resourceId'
    | 'meta'
    | 'prevHash'
  >,
): string {
  const body = JSON.stringify([
    row.prevHash,
    row.occurredAt.toISOString(),
    row.actorId,
    row.subjectId,
    row.action,
    row.resourceType,
    row.resourceId,
    canonicalMeta(row.meta),
  ]);
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Appends one event. Pass the transaction doing the audited work so the event and the
 * work commit together; with a plain Db a transaction is opened for it.
 */
export async function recordAudit(dbOrTx: DbOrTx, clock: Clock, input: AuditInput): Promise<void> {
  const write = async (tx: DbOrTx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
    const [last] = await tx
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.id))
      .limit(1);
    const row = {
      occurredAt: clock.now(),
      actorId: input.actorId,
      subjectId: input.subjectId,
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId ?? null,
      meta: input.meta ?? {},
      prevHash: last?.hash ?? GENESIS,
    };
    await tx.insert(auditEvents).values({ ...row, hash: hashAuditRow(row) });
  };
  if ('rollback' in dbOrTx) await write(dbOrTx);
  else await (dbOrTx as Db).transaction(write);
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
}

/** Walks the whole chain; an edited, removed or reordered row breaks it. */
export async function verifyAuditChain(db: DbOrTx, batchSize = 1000): Promise<ChainVerification> {
  let prev = GENESIS;
  let checked = 0;
  let afterId = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.id} > ${afterId}`)
      .orderBy(asc(auditEvents.id))
      .limit(batchSize);
    for (const row of rows) {
      if (row.prevHash !== prev || hashAuditRow(row) !== row.hash) {
        return { ok: false, checked, firstBrokenId: row.id };
      }
      prev = row.hash;
      checked++;
    }
    if (rows.length < batchSize) return { ok: true, checked, firstBrokenId: null };
    afterId = rows[rows.length - 1]!.id;
  }
}
