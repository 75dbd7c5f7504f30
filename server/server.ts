import path from 'node:path';
import { Redis } from 'ioredis';
import { buildApp, type App } from './app.ts';
import { openDatabase } from './db/client.ts';
import { systemClock } from './lib/clock.ts';
import type { Config } from './lib/config.ts';
import { createLogger } from './lib/logger.ts';
import { createMailer } from './lib/mailer.ts';

/** Where the embedded database keeps its files. */
export const pgliteDir = (config: Config) => path.join(config.dataDir, 'pglite');

/** Opens the database (PGlite in the data dir, or DATABASE_URL) and the optional Redis. */
export async function openResources(config: Config) {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: pgliteDir(config) },
  );
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, keyPrefix: config.redisPrefix })
    : undefined;
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    outboxDir: config.outboxDir,
    mailFrom: config.mailFrom,
    logger,
  });
  return { logger, database, redis, mailer };
}

/** Builds the app on real resources and listens; closes cleanly on SIGINT/SIGTERM. */
export async function startServer(
  config: Config,
  opts: { beforeListen?: (app: App) => Promise<void> } = {},
) {
  const { database, redis, mailer } = await openResources(config);
  const app = await buildApp({ config, database, clock: systemClock, mailer, redis });
  await opts.beforeListen?.(app);
  const purge = setInterval(() => void app.sessions.purgeExpired().catch(() => {}), 15 * 60_000);
  purge.unref();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(purge);
    await app.close();
    redis?.disconnect();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Iconocast is running at ${config.publicUrl} (database: ${database.kind})`);
  return app;
}
