import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type App } from '../app.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { TestClock } from '../lib/clock.ts';
import { loadConfig, type Config } from '../lib/config.ts';
import { MemoryMailer } from '../lib/mailer.ts';

export interface TestContext {
  app: App;
  database: Database;
  clock: TestClock;
  mailer: MemoryMailer;
  config: Config;
  /** Every log line the app wrote, as raw JSON text. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * A fresh database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server when DATABASE_URL is set (dropped again on close).
 */
export async function openTestDatabase(): Promise<{
  database: Database;
  drop: () => Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({});
    return { database, drop: async () => {} };
  }
  const name = `iconocast_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: testUrl.toString() });
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * A fresh database for the calling test file, opened before its tests and dropped after
 * them; the returned function gives its `db` inside a test.
 */
export function useTestDb(): () => Database['db'] {
  let opened: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
  beforeAll(async () => {
    opened = await openTestDatabase();
  });
  afterAll(async () => {
    await opened?.database.close();
    await opened?.drop();
  });
  return () => {
    if (!opened) throw new Error('useTestDb: the database is opened in beforeAll');
    return opened.database.db;
  };
}

export async function createTestApp(
  overrides: Partial<Config> = {},
  env: NodeJS.ProcessEnv = {},
  opts: { redis?: boolean } = {},
): Promise<TestContext> {
  const { database, drop } = await openTestDatabase();
  const clock = new TestClock();
  const mailer = new MemoryMailer();
  const config: Config = {
    ...loadConfig({ SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'info', ...env }),
    // pg-boss only for the tests that ask (`{ jobs: true }`); others get MemoryJobs.
    jobs: false,
    ...overrides,
  };
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  // With REDIS_URL (the CI PostgreSQL run) shared rate limits go through Redis, under a
  // prefix of this test file's own so parallel files do not count each other's requests.
  const redis =
    process.env.REDIS_URL && opts.redis !== false
      ? new Redis(process.env.REDIS_URL, { keyPrefix: `t-${randomBytes(4).toString('hex')}:` })
      : undefined;
  const app = await buildApp({ config, database, clock, mailer, logStream, redis });
  await app.ready();
  return {
    app,
    database,
    clock,
    mailer,
    config,
    logs,
    close: async () => {
      await app.close();
      redis?.disconnect();
      await database.close();
      await drop();
    },
  };
}
