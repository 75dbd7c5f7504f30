import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImportResult } from '../../../contracts/meeting-guide.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { UsageError, parseCommandArgs, runCommand } from '../../lib/cli.ts';
import { loadConfig } from '../../lib/config.ts';
import { DirectoryEvents } from '../../lib/directory-events.ts';
import { pgliteDir } from '../../server.ts';
import { type ImportProgress, importParsedFeed, prepareFeed } from './meeting-guide.import.ts';

const usage = `Usage: iconocast meetings import <file-or-url> --timezone <IANA zone> [--dry-run] [--json] [--source NAME]

Imports a Meeting Guide feed (a JSON array of meetings, as the 12 Step Meeting List plugin
publishes at /wp-admin/admin-ajax.php?action=meetings) into groups and meetings.

  --timezone  The zone of meetings that carry none (usually the publishing site's zone).
  --dry-run   Check the feed and count what would change; save nothing.
  --json      Print only the result as JSON: { "imported", "updated", "unchanged", "skipped" }.
  --source    What identifies the feed (default: the URL, or the file's name). Importing the
              same source again updates its meetings instead of adding them twice.

Stop the server first when it uses the embedded database.`;

/** Where the command reads and writes; tests pass their own. */
export interface MeetingsCliIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  clock: Clock;
  fetch: typeof fetch;
}

/** `iconocast meetings …`: returns the exit code (0 done, 2 bad input); other failures throw. */
export async function runMeetingsCommand(
  args: string[],
  io?: Partial<MeetingsCliIo>,
): Promise<number> {
  const cli: MeetingsCliIo = {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    clock: systemClock,
    fetch: globalThis.fetch,
    ...io,
  };
  return runCommand(usage, cli.stderr, () => run(args, cli));
}

async function run(args: string[], io: MeetingsCliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    timezone: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    source: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  const [sub, location, ...extra] = positionals;
  if (sub !== 'import') {
    throw new UsageError(sub ? `Unknown meetings command: ${sub}` : 'Name a meetings command.');
  }
  if (!location) throw new UsageError('Give the feed: a file path or an http(s) URL.');
  if (extra.length) throw new UsageError(`Unexpected argument: ${extra[0]}`);
  if (values.timezone === undefined) {
    throw new UsageError(
      '--timezone: Give the zone of meetings without one, e.g. --timezone America/New_York.',
    );
  }
  const source = values.source?.trim() || defaultSource(location);

  const text = await readFeed(location, io);
  const prepared = prepareFeed(text, values.timezone);
  if (!prepared.ok) {
    throw new UsageError(
      prepared.field === 'timezone' ? `--timezone: ${prepared.message}` : prepared.message,
      prepared.field === 'timezone',
    );
  }

  const config = loadConfig(io.env);
  const database: Database = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: pgliteDir(config) },
  );
  const bar = !values.json && io.stderr.isTTY ? progressBar(io.stderr) : null;
  let result: ImportResult;
  let changed = false;
  try {
    result = await importParsedFeed(database.db, io.clock, prepared.feed, {
      timezone: values.timezone,
      source,
      dryRun: values['dry-run'] ?? false,
      via: 'cli',
      actorId: null,
      onProgress: bar?.update,
      onChanged: () => {
        changed = true;
      },
    });
  } finally {
    bar?.finish();
    await database.close();
  }
  if (changed && config.redisUrl) await notifyServers(config.redisUrl);

  if (values.json) {
    const skipped = result.skipped.map(({ slug, reason }) => ({ slug, reason }));
    const { imported, updated, unchanged } = result;
    io.stdout.write(`${JSON.stringify({ imported, updated, unchanged, skipped }, null, 2)}\n`);
  } else {
    io.stdout.write(summary(result, source));
  }
  return 0;
}

/** A URL's own text, a file's name: what a later import of the same feed will also use. */
function defaultSource(location: string): string {
  return isUrl(location) ? location : path.basename(location);
}

function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

async function readFeed(location: string, io: MeetingsCliIo): Promise<string> {
  if (isUrl(location)) {
    let response: Response;
    try {
      response = await io.fetch(location, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
      throw new UsageError(`Could not reach ${location}: ${cause}.`, false);
    }
    if (!response.ok) {
      throw new UsageError(
        `${location} answered ${response.status} ${response.statusText}: no feed there.`,
        false,
      );
    }
    return response.text();
  }
  try {
    return await readFile(location, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'it cannot be read (permissions)'
            : (err as Error).message;
    throw new UsageError(`Could not read ${location}: ${why}.`, false);
  }
}

/**
 * With Redis, running servers (on PostgreSQL) hear of the change at once; without it, the
 * finder's periodic check notices it. Best effort: the import itself is already saved.
 */
async function notifyServers(redisUrl: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    new DirectoryEvents(redis).changed();
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/** A one-line text bar on a terminal, redrawn in place. */
function progressBar(out: MeetingsCliIo['stderr']) {
  const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 30));
  let last = '';
  return {
    update: ({ done, total }: ImportProgress) => {
      const ratio = total === 0 ? 1 : done / total;
      const filled = Math.round(ratio * width);
      const line = `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} meetings`;
      if (line !== last) out.write(line);
      last = line;
    },
    finish: () => {
      if (last) out.write('\n');
    },
  };
}

function summary(result: ImportResult, source: string): string {
  const lines = [
    result.dryRun ? `Dry run of ${source}: nothing was saved.` : `Imported ${source}.`,
    `  ${result.imported} new meeting${result.imported === 1 ? '' : 's'}` +
      ` in ${result.groupsCreated} new group${result.groupsCreated === 1 ? '' : 's'}`,
    `  ${result.updated} updated`,
    `  ${result.unchanged} unchanged`,
    `  ${result.skipped.length} skipped`,
  ];
  for (const s of result.skipped) lines.push(`    row ${s.row}: ${s.message} (${s.reason})`);
  return `${lines.join('\n')}\n`;
}
