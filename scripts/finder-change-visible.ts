/**
 * `npx tsx scripts/finder-change-visible.ts [meetings]` — how long after a committed write
 * the first finder search sees it, on a generated directory (PGlite in memory; PostgreSQL
 * with DATABASE_URL, in a scratch database). Compares an update named by the change (the
 * meetings or group it touched) with "everything changed" (a full rebuild).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { feedDirectory, generateDirectory, insertDirectory } from '../bench/finder.data.ts';
import { FinderQuery } from '../contracts/finder.ts';
import { openDatabase, type Database } from '../server/db/client.ts';
import { groups, meetings } from '../server/db/schema/index.ts';
import { systemClock } from '../server/lib/clock.ts';
import { DirectoryEvents, type DirectoryChange } from '../server/lib/directory-events.ts';
import { FinderService } from '../server/modules/finder/finder.service.ts';

const count = Number(process.argv[2] ?? 20_000);
const ROUNDS = 15;

async function open(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { database: await openDatabase({}), drop: async () => {} };
  const name = `iconocast_cv_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: dbUrl.toString() });
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;
const max = (xs: number[]) => Math.max(...xs);

async function main() {
  const { database, drop } = await open();
  const db = database.db;
  const generated = generateDirectory(count, Math.round(count * 0.3));
  await insertDirectory(db, generated);
  if (count >= 20_000) await insertDirectory(db, feedDirectory());
  const events = new DirectoryEvents();
  const finder = new FinderService(db, systemClock, events, pino({ level: 'warn' }));
  finder.start();
  const index = await finder.warm();
  console.log(`directory: ${index.stats.meetings} meetings, full build ${index.stats.buildMs} ms`);
  const rows = await db.select({ id: meetings.id, groupId: meetings.groupId }).from(meetings);
  const viewer = { zone: 'UTC', locale: 'en' };

  /** Commits `write`, tells the finder, and searches until the answer shows it. */
  async function visibleAfter(
    write: (word: string) => Promise<DirectoryChange>,
  ): Promise<{ ms: number; searches: number; updateMs: number }> {
    const word = `zq${randomBytes(4).toString('hex')}`;
    const query = FinderQuery.parse({ q: word });
    const change = await write(word);
    const began = performance.now();
    events.changed(change);
    await finder.warm();
    const updateMs = performance.now() - began;
    for (let searches = 1; ; searches++) {
      const answer = await finder.search(query, viewer);
      if (!answer.body.includes('"total":0,')) {
        return { ms: performance.now() - began, searches, updateMs };
      }
      await new Promise((r) => setImmediate(r));
    }
  }

  const pick = () => rows[Math.floor(Math.random() * rows.length)]!;
  const scenarios: [string, (word: string) => Promise<DirectoryChange>][] = [
    [
      'meeting renamed, { meetings: [id] }',
      async (word) => {
        const { id } = pick();
        await db
          .update(meetings)
          .set({ name: `Renamed ${word}` })
          .where(eq(meetings.id, id));
        return { meetings: [id] };
      },
    ],
    [
      'group renamed, { groups: [id] }',
      async (word) => {
        const { groupId } = pick();
        await db
          .update(groups)
          .set({ name: `Group ${word}` })
          .where(eq(groups.id, groupId));
        return { groups: [groupId] };
      },
    ],
    [
      "meeting renamed, 'all' (full rebuild, as before)",
      async (word) => {
        const { id } = pick();
        await db
          .update(meetings)
          .set({ name: `Renamed ${word}` })
          .where(eq(meetings.id, id));
        return 'all';
      },
    ],
  ];
  for (const [name, write] of scenarios) {
    const times: number[] = [];
    const updates: number[] = [];
    const rounds = name.includes("'all'") ? Number(process.env.FULL_ROUNDS ?? 3) : ROUNDS;
    for (let i = 0; i < rounds; i++) {
      const r = await visibleAfter(write);
      times.push(r.ms);
      updates.push(r.updateMs);
    }
    console.log(
      `${name}: change visible median ${median(times).toFixed(1)} ms, max ${max(times).toFixed(1)} ms ` +
        `(index updated after median ${median(updates).toFixed(1)} ms; ${rounds} rounds)`,
    );
  }
  finder.stop();
  await drop();
}

await main();
