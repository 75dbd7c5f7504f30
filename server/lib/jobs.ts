import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import PgBoss from 'pg-boss';
import type { Database } from '../db/client.ts';

/**
 * Durable scheduled work (reminders, delayed emails, later room opening and closing): jobs
 * live in the database (pg-boss, schema `pgboss`), so a job due later survives a restart and
 * runs once even with several instances on PostgreSQL. Delivery is AT LEAST once: a job
 * whose process died mid-handler runs again after it expires, so every handler must be
 * idempotent (check a unique key or a sent-marker before acting).
 */
export interface Jobs {
  /** Runs `handler` for each job of `name` (the queue is created if needed). */
  work<T extends object>(name: string, handler: (data: T) => Promise<void>): Promise<void>;
  /**
   * Queues a job of `name` to run at `runAt` (now or earlier: as soon as possible). A
   * `singletonKey` makes a second send with the same key, while the first still waits, a
   * no-op.
   */
  sendAt(name: string, data: object, runAt: Date, opts?: { singletonKey?: string }): Promise<void>;
  /** A periodic job: `cron` in UTC (five fields, e.g. `* * * * *` every minute). */
  schedule(name: string, cron: string, data?: object): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** pg-boss's `db` option on PGlite: one session, so a failed batch must not stay open. */
export function pgliteExecutor(pglite: PGlite): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      try {
        if (values && values.length > 0) {
          const result = await pglite.query(text, values);
          return { rows: result.rows };
        }
        // pg-boss sends multi-statement BEGIN…COMMIT batches without values.
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      } catch (err) {
        // An aborted transaction would block every later query on the one connection.
        await pglite.exec('ROLLBACK').catch(() => {});
        throw err;
      }
    },
  };
}

/** A job id derived from a key, so sending the same key twice inserts once (ON CONFLICT). */
function idFromKey(name: string, key: string): string {
  const h = createHash('sha256').update(`${name}\0${key}`).digest('hex');
  // Shaped as a version-4-looking UUID (pg-boss's id column is a uuid).
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface PgBossJobsOptions {
  /** Seconds between polls for due jobs (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  onError?: (err: unknown) => void;
}

/** The job queue on the app's own database (PostgreSQL or PGlite). */
export class PgBossJobs implements Jobs {
  private readonly boss: PgBoss;
  private readonly queues = new Set<string>();
  private readonly polling: number;
  private started = false;

  constructor(database: Pick<Database, 'jobsConnection'>, opts: PgBossJobsOptions = {}) {
    const connection = database.jobsConnection;
    this.polling = opts.pollingIntervalSeconds ?? 2;
    this.boss = new PgBoss({
      ...('pglite' in connection
        ? { db: pgliteExecutor(connection.pglite) }
        : { connectionString: connection.connectionString, max: 3 }),
      // A handler that has not finished in 5 minutes is retried (at least once).
      expireInMinutes: 5,
      retryLimit: 5,
      retryDelay: 30,
      retryBackoff: true,
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 7,
      // Cron checks: every 30 s is plenty for a per-minute sweep.
      cronMonitorIntervalSeconds: 30,
      cronWorkerIntervalSeconds: 5,
    });
    this.boss.on('error', (err) => opts.onError?.(err));
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // Not graceful-with-wait on PGlite: the app closes the database right after.
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }

  private async ensureQueue(name: string): Promise<void> {
    if (this.queues.has(name)) return;
    await this.boss.createQueue(name);
    this.queues.add(name);
  }

  async work<T extends object>(name: string, handler: (data: T) => Promise<void>): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.work<T>(name, { pollingIntervalSeconds: this.polling }, async (jobs) => {
      for (const job of jobs) await handler(job.data);
    });
  }

  async sendAt(
    name: string,
    data: object,
    runAt: Date,
    opts: { singletonKey?: string } = {},
  ): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.send(name, data, {
      startAfter: runAt,
      ...(opts.singletonKey
        ? { id: idFromKey(name, opts.singletonKey), singletonKey: opts.singletonKey }
        : {}),
    });
  }

  async schedule(name: string, cron: string, data: object = {}): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, data, { tz: 'UTC' });
  }
}

/**
 * Jobs kept in memory and run by the test itself (`runDue(now)`): services see the same
 * interface, tests need no pg-boss startup and control time with a TestClock.
 */
export class MemoryJobs implements Jobs {
  readonly queued: { name: string; data: object; runAt: Date; key?: string }[] = [];
  readonly handlers = new Map<string, (data: object) => Promise<void>>();
  readonly schedules = new Map<string, string>();

  async work<T extends object>(name: string, handler: (data: T) => Promise<void>): Promise<void> {
    this.handlers.set(name, handler as (data: object) => Promise<void>);
  }

  async sendAt(
    name: string,
    data: object,
    runAt: Date,
    opts: { singletonKey?: string } = {},
  ): Promise<void> {
    if (
      opts.singletonKey &&
      this.queued.some((j) => j.name === name && j.key === opts.singletonKey)
    ) {
      return;
    }
    this.queued.push({
      name,
      data,
      runAt,
      ...(opts.singletonKey ? { key: opts.singletonKey } : {}),
    });
  }

  async schedule(name: string, cron: string): Promise<void> {
    this.schedules.set(name, cron);
  }

  /** Runs every queued job due at `now`, in time order; returns how many ran. */
  async runDue(now: Date): Promise<number> {
    const due = this.queued
      .filter((j) => j.runAt.getTime() <= now.getTime())
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
    for (const job of due) {
      this.queued.splice(this.queued.indexOf(job), 1);
      const handler = this.handlers.get(job.name);
      if (!handler) throw new Error(`no worker for job ${job.name}`);
      await handler(job.data);
    }
    return due.length;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
