import { createHash } from 'node:crypto';
import type { AuditPage } from '../../../contracts/account.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { AuditEventRow } from '../../db/schema/index.ts';
import { findDisplayNames } from '../users/users.service.ts';
import { presentAuditEvent } from './audit.presenter.ts';
import * as repo from './audit.repository.ts';

export type AuditMeta = Record<string, string | number | boolean | null>;

export interface AuditInput {
  actorId: string | null;
  /** The person the event is about: they can see it in their own activity log. */
  subjectId: string | null;
  /** Dotted verb, e.g. `user.role_changed`, `account.exported`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** Small non-identifying facts; never names, emails, free text or health details. */
  meta?: AuditMeta;
}

const GENESIS = '0'.repeat(64);

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
    await repo.lockAuditChain(tx);
    const row = {
      occurredAt: clock.now(),
      actorId: input.actorId,
      subjectId: input.subjectId,
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId ?? null,
      meta: input.meta ?? {},
      prevHash: (await repo.findLastAuditHash(tx)) ?? GENESIS,
    };
    await repo.insertAuditEvent(tx, { ...row, hash: hashAuditRow(row) });
  };
  if ('rollback' in dbOrTx) await write(dbOrTx);
  else await (dbOrTx as Db).transaction(write);
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first row whose hash or link does not match: edited, or the row after a removed one. */
  firstBrokenId: number | null;
}

/**
 * Walks the whole chain; an edited, removed or reordered row breaks it. (Removing rows
 * from the very end leaves a shorter valid chain: compare `checked` with an earlier run.)
 */
export async function verifyAuditChain(db: DbOrTx, batchSize = 1000): Promise<ChainVerification> {
  let prev = GENESIS;
  let checked = 0;
  let afterId = 0;
  for (;;) {
    const rows = await repo.listAuditEventsAfterId(db, afterId, batchSize);
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

export type { AuditFilter } from './audit.repository.ts';

/**
 * One page of events, newest first, presented for `viewerId` (actor and subject names resolved;
 * the viewer's own actions read "You"). Callers authorize and choose the filter.
 */
export async function listAuditPage(
  db: DbOrTx,
  filter: repo.AuditFilter,
  viewerId: string,
): Promise<AuditPage> {
  const rows = await repo.listAuditEvents(db, { ...filter, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  const people = page
    .flatMap((r) => [r.actorId, r.subjectId])
    .filter((id): id is string => id !== null);
  const names = await findDisplayNames(db, [...new Set(people)]);
  return {
    events: page.map((r) => presentAuditEvent(r, viewerId, names)),
    nextCursor: rows.length > filter.limit ? page[page.length - 1]!.id : null,
  };
}
