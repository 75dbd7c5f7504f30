import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import type { DirectoryChange } from '../lib/directory-events.ts';
import type { Live } from '../lib/live.ts';
import type { Mailer } from '../lib/mailer.ts';
import { policyContext, type PolicyContext } from '../policies/index.ts';

/** What a directory module's services (groups, meetings) get from the app, built once per plugin. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  policy: PolicyContext;
  mailer: Mailer;
  /** The site's public base URL, without a trailing slash. */
  publicUrl: string;
  /** Tells the finder's index (and other instances) what a committed change touched. */
  directoryChanged: (change: DirectoryChange) => void;
  /** Email failures are logged, never turned into a failed request after the commit. */
  logError: (err: unknown, message: string) => void;
  /** Pushes to people's open pages and live rooms (a person's inbox count, a room's news). */
  live: Live;
}

export function serviceDeps(app: FastifyInstance): ServiceDeps {
  const { config, database, clock, mailer } = app.deps;
  return {
    db: database.db,
    clock,
    policy: policyContext(config),
    mailer,
    publicUrl: config.publicUrl,
    directoryChanged: (change) => app.directoryEvents.changed(change),
    logError: (err, message) => app.log.error({ err }, message),
    live: app.live,
  };
}
