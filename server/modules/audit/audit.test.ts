import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../lib/clock.ts';
import { useTestDb } from '../../test/harness.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { recordAudit, verifyAuditChain } from './audit.service.ts';

// These tests play the database superuser: they switch the append-only trigger off to
// simulate someone tampering with the table directly, which the app itself cannot do.

const clock = new TestClock();
const db = useTestDb();

async function asSuperuser(statement: ReturnType<typeof sql>): Promise<void> {
  await db().execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
  try {
    await db().execute(statement);
  } finally {
    await db().execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
  }
}

async function record(n: number, action = 'test.event'): Promise<void> {
  for (let i = 0; i < n; i++) {
    clock.advance(1000);
    await recordAudit(db(), clock, {
      actorId: null,
      subjectId: null,
      action,
      resourceType: 'test',
      resourceId: String(i),
      meta: { i, even: i % 2 === 0 },
    });
  }
}

async function ids(): Promise<number[]> {
  const rows = await db().select({ id: auditEvents.id }).from(auditEvents).orderBy(auditEvents.id);
  return rows.map((r) => r.id);
}

/** Restores a clean log between tests (superuser only). */
async function wipe(): Promise<void> {
  await asSuperuser(sql`DELETE FROM audit_events`);
}

describe('the audit chain', () => {
  it('verifies an untouched chain of several events', async () => {
    await wipe();
    await record(6);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: 6, firstBrokenId: null });
    // Batches join up correctly too.
    expect(await verifyAuditChain(db(), 4)).toEqual({ ok: true, checked: 6, firstBrokenId: null });
  });

  it('detects an edited row and names it', async () => {
    await wipe();
    await record(5);
    const target = (await ids())[2]!;
    await asSuperuser(
      sql`UPDATE audit_events SET meta = '{"i": 99, "even": false}'::jsonb WHERE id = ${target}`,
    );
    expect(await verifyAuditChain(db())).toEqual({ ok: false, checked: 2, firstBrokenId: target });
  });

  it('detects an edited row even when its own hash was recomputed', async () => {
    await wipe();
    await record(4);
    const [, second, third] = await ids();
    // A forger who rewrites a row's hash still breaks the link from the next row.
    await asSuperuser(sql`UPDATE audit_events SET hash = repeat('a', 64) WHERE id = ${second!}`);
    const result = await verifyAuditChain(db());
    expect(result.ok).toBe(false);
    expect([second, third]).toContain(result.firstBrokenId);
  });

  it('detects a removed middle row at the row after the gap', async () => {
    await wipe();
    await record(5);
    const all = await ids();
    await asSuperuser(sql`DELETE FROM audit_events WHERE id = ${all[2]!}`);
    expect(await verifyAuditChain(db())).toEqual({
      ok: false,
      checked: 2,
      firstBrokenId: all[3],
    });
  });

  it('refuses the app’s own UPDATE and DELETE', async () => {
    await wipe();
    await record(2);
    const [first] = await ids();
    await expect(
      db().execute(sql`UPDATE audit_events SET action = 'x' WHERE id = ${first!}`),
    ).rejects.toThrow();
    await expect(
      db().execute(sql`DELETE FROM audit_events WHERE id = ${first!}`),
    ).rejects.toThrow();
    await expect(db().execute(sql`DELETE FROM audit_events`)).rejects.toThrow();
    expect(await ids()).toHaveLength(2);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('keeps one unbroken chain when 20 events are recorded at once', async () => {
    await wipe();
    await record(1);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordAudit(db(), clock, {
          actorId: null,
          subjectId: null,
          action: 'test.concurrent',
          resourceType: 'test',
          meta: { i },
        }),
      ),
    );
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: 21, firstBrokenId: null });
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    await wipe();
    await record(1);
    await expect(
      db().transaction(async (tx) => {
        await recordAudit(tx, clock, {
          actorId: null,
          subjectId: null,
          action: 'test.rolled_back',
          resourceType: 'test',
        });
        throw new Error('the audited work failed');
      }),
    ).rejects.toThrow('the audited work failed');
    await record(1);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: 2, firstBrokenId: null });
  });
});
