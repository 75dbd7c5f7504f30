import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { MemoryJobs, PgBossJobs } from './jobs.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'iconocast-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const waitFor = async (check: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
};

describe('durable jobs on PGlite (pg-boss)', () => {
  it('runs a job due later once, after the database is closed and reopened', async () => {
    const dataDir = path.join(dir, 'db');
    // First life: queue a job due in 3 s, then stop before it is due.
    let database = await openDatabase({ pgliteDir: dataDir });
    let jobs = new PgBossJobs(database, { pollingIntervalSeconds: 0.5 });
    await jobs.start();
    const ran: string[] = [];
    await jobs.work<{ note: string }>('test-later', async (data) => {
      ran.push(data.note);
    });
    await jobs.sendAt('test-later', { note: 'hello' }, new Date(Date.now() + 3000), {
      singletonKey: 'once',
    });
    // The same key again is a no-op while the first waits.
    await jobs.sendAt('test-later', { note: 'hello' }, new Date(Date.now() + 3000), {
      singletonKey: 'once',
    });
    await jobs.stop();
    await database.close();
    expect(ran).toEqual([]);

    // Second life: the job is still in the database and runs once.
    database = await openDatabase({ pgliteDir: dataDir });
    jobs = new PgBossJobs(database, { pollingIntervalSeconds: 0.5 });
    await jobs.start();
    await jobs.work<{ note: string }>('test-later', async (data) => {
      ran.push(data.note);
    });
    await waitFor(() => ran.length > 0, 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    await jobs.stop();
    await database.close();
    expect(ran).toEqual(['hello']);
  }, 60_000);
});

describe('MemoryJobs (tests)', () => {
  it('runs only what is due, in time order, and honours the singleton key', async () => {
    const jobs = new MemoryJobs();
    const ran: number[] = [];
    await jobs.work<{ n: number }>('q', async (d) => {
      ran.push(d.n);
    });
    await jobs.sendAt('q', { n: 2 }, new Date('2026-01-01T10:02:00Z'));
    await jobs.sendAt('q', { n: 1 }, new Date('2026-01-01T10:01:00Z'), { singletonKey: 'k' });
    await jobs.sendAt('q', { n: 9 }, new Date('2026-01-01T10:01:00Z'), { singletonKey: 'k' });
    expect(await jobs.runDue(new Date('2026-01-01T10:01:30Z'))).toBe(1);
    expect(await jobs.runDue(new Date('2026-01-01T10:05:00Z'))).toBe(1);
    expect(ran).toEqual([1, 2]);
  });
});

describe('the app with jobs on', () => {
  it('starts pg-boss, registers the notification workers and the per-minute sweep, and stops', async () => {
    const { createTestApp } = await import('../test/harness.ts');
    const t = await createTestApp({ jobs: true });
    try {
      expect(t.app.jobs).toBeInstanceOf(PgBossJobs);
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  }, 60_000);
});
