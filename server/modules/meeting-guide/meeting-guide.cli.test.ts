import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { meetings } from '../../db/schema/index.ts';
import { TestClock } from '../../lib/clock.ts';
import { type MeetingsCliIo, runMeetingsCommand } from './meeting-guide.cli.ts';
import { FEEDS_DIR } from './meeting-guide.test-helpers.ts';

let dataDir: string;
let server: Server;
let baseUrl: string;
const sussex = path.join(FEEDS_DIR, 'sussexaa.json');
const brokenFeed = JSON.stringify([
  { slug: 'ok', name: 'OK', day: 1, time: '19:00', formatted_address: '1 Main St, Town, UK' },
  { slug: 'late', name: 'Late', day: 1, time: '25:00' },
  { name: 'No slug', day: 1, time: '19:00' },
]);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'iconocast-meetings-cli-'));
  writeFileSync(path.join(dataDir, 'object.json'), '{"meetings": []}');
  writeFileSync(path.join(dataDir, 'broken.txt'), 'meetings: none');
  server = createServer((req, res) => {
    if (req.url === '/feed.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(brokenFeed);
    } else {
      res.writeHead(404).end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

function capture(extra: Partial<MeetingsCliIo> = {}, isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Partial<MeetingsCliIo> = {
    env: { ICONOCAST_DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(40) },
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s), isTTY, columns: 60 },
    clock: new TestClock(),
    ...extra,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

async function importedCount(source: string): Promise<number> {
  const database = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
  try {
    const [row] = await database.db
      .select({ n: count() })
      .from(meetings)
      .where(eq(meetings.externalSource, source));
    return row!.n;
  } finally {
    await database.close();
  }
}

describe('iconocast meetings import', () => {
  it('imports a file and prints exactly the JSON result with --json', async () => {
    const c = capture({}, true);
    const code = await runMeetingsCommand(
      ['import', sussex, '--timezone', 'America/New_York', '--json'],
      c.io,
    );
    expect(c.err()).toBe(''); // no progress bar with --json, even on a terminal
    expect(code).toBe(0);
    expect(JSON.parse(c.out())).toEqual({ imported: 123, updated: 0, unchanged: 0, skipped: [] });
    expect(await importedCount('sussexaa.json')).toBe(123);
  }, 30_000);

  it('changes nothing when the same file is imported again', async () => {
    const c = capture();
    const code = await runMeetingsCommand(
      ['import', sussex, '--timezone', 'America/New_York', '--json'],
      c.io,
    );
    expect(code).toBe(0);
    expect(JSON.parse(c.out())).toEqual({ imported: 0, updated: 0, unchanged: 123, skipped: [] });
    expect(await importedCount('sussexaa.json')).toBe(123);
  }, 30_000);

  it('shows a progress bar on a terminal and a summary, saving nothing on a dry run', async () => {
    const c = capture({}, true);
    const code = await runMeetingsCommand(
      ['import', path.join(FEEDS_DIR, 'eda.json'), '--timezone', 'America/New_York', '--dry-run'],
      c.io,
    );
    expect(code).toBe(0);
    expect(c.err()).toMatch(/^\r\[-+\] 0\/185 meetings/);
    expect(c.err()).toMatch(/\r\[#+\] 185\/185 meetings\n$/);
    expect(c.out()).toBe(
      'Dry run of eda.json: nothing was saved.\n' +
        '  184 new meetings in 149 new groups\n' +
        '  0 updated\n' +
        '  0 unchanged\n' +
        '  1 skipped\n' +
        // The meeting editor refuses an approximate address with no way to join online.
        '    row 111: "switzerland-2" is not a meeting the editor would accept: approximate: ' +
        'an approximate address is only an area: give the exact address, or a way to join ' +
        'online. (invalid_meeting)\n',
    );
    expect(await importedCount('eda.json')).toBe(0);
  }, 30_000);

  it('fetches a URL, uses it as the source, and lists skipped rows with their reasons', async () => {
    const c = capture();
    const url = `${baseUrl}/feed.json`;
    const code = await runMeetingsCommand(
      ['import', url, '--timezone', 'Europe/London', '--json'],
      c.io,
    );
    expect(code).toBe(0);
    expect(c.err()).toBe('');
    expect(JSON.parse(c.out())).toEqual({
      imported: 1,
      updated: 0,
      unchanged: 0,
      skipped: [
        { slug: 'late', reason: 'invalid_time' },
        { slug: null, reason: 'missing_slug' },
      ],
    });
    expect(await importedCount(url)).toBe(1);

    const human = capture();
    await runMeetingsCommand(
      ['import', url, '--timezone', 'Europe/London', '--source', 'renamed'],
      human.io,
    );
    expect(human.out()).toContain('Imported renamed.\n  1 new meeting in 1 new group\n');
    expect(human.out()).toContain('    row 2: "late" has time "25:00". (invalid_time)\n');
    expect(human.out()).toContain('    row 3: Row 3 has no slug. (missing_slug)\n');
  }, 30_000);

  it.each([
    [['import', sussex, '--timezone', 'Mars/Base'], /--timezone: "Mars\/Base" is not a known/],
    [['import', sussex], /--timezone: Give the zone/],
    [['import', '--timezone', 'UTC'], /Give the feed/],
    [
      ['import', 'missing.json', '--timezone', 'UTC'],
      /Could not read missing.json: there is no such file/,
    ],
    [['import', 'broken.txt', '--timezone', 'UTC'], /The feed is not valid JSON/],
    [
      ['import', 'object.json', '--timezone', 'UTC'],
      /must be a JSON array of meetings, but it is an object/,
    ],
    [
      ['import', 'http://127.0.0.1:1/feed.json', '--timezone', 'UTC'],
      /Could not reach http:\/\/127\.0\.0\.1:1\/feed\.json/,
    ],
    [['import', 'URL/nothing', '--timezone', 'UTC'], /answered 404 Not Found: no feed there/],
    [['export'], /Unknown meetings command: export/],
    [['import', sussex, '--timezone', 'UTC', '--bogus'], /bogus/],
  ])('refuses %j with exit code 2 and a clear message', async (args, message) => {
    const c = capture();
    const resolved = args.map((a) =>
      a === 'broken.txt' || a === 'object.json'
        ? path.join(dataDir, a)
        : a.replace('URL/', `${baseUrl}/`),
    );
    expect(await runMeetingsCommand(resolved, c.io)).toBe(2);
    expect(c.err()).toMatch(message);
    expect(c.out()).toBe('');
  });

  it('prints its usage with --help', async () => {
    const c = capture();
    expect(await runMeetingsCommand(['--help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^Usage: iconocast meetings import <file-or-url> --timezone/);
  });
});
