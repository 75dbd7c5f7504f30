/**
 * `npm run bench:finder` — how fast the public finder answers on a big directory.
 *
 * Generates 20,000 meetings in ~6,000 groups across several zones, adds the four real
 * Meeting Guide feeds, starts the real app (buildApp + listen on 127.0.0.1) on PGlite — and on
 * PostgreSQL too with DATABASE_URL or `--pg URL` — and measures typical finder searches with
 * autocannon. In the same process, a bare node:http hello world measured the same way is the
 * ceiling. Prints one JSON document. Target: p99 < 20 ms and ≥ 35 % of the ceiling's req/s.
 *
 * Each search is measured twice: as served (answers are kept per minute, so a popular search
 * is computed once a minute) and computed on every request (that cache turned off).
 * The load generator runs in a worker thread so it does not share the server's thread.
 *
 * The browser part (bench/finder.browser.ts) opens the finder page fresh in headless Chromium
 * on a ~2,000-meeting area, when the web app is built and Chromium is installed.
 *
 * Options: --pg URL, --no-pglite, --duration S (per served run, default 5), --computed S
 * (per computed run, default 3), --connections N (default 50), --meetings N (default 20000).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { openDatabase, type Database } from '../server/db/client.ts';
import { systemClock } from '../server/lib/clock.ts';
import { loadConfig } from '../server/lib/config.ts';
import { MemoryMailer } from '../server/lib/mailer.ts';
import { buildFinderIndex } from '../server/modules/finder/finder.index-loader.ts';
import { finderTuning } from '../server/modules/finder/finder.service.ts';
import { measureFinderPage } from './finder.browser.ts';
import { feedDirectory, generateDirectory, insertDirectory } from './finder.data.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const TARGET = { p99Ms: 20, shareOfCeiling: 0.35 };

/** What a browser's fetch sends that matters here: it always accepts compressed answers. */
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br', accept: 'application/json' };

const SCENARIOS = [
  { name: 'text search with a typo', query: 'q=serenty%20womens&tz=America/New_York' },
  {
    name: 'online evening for newcomers',
    query: 'attendance=online&time=evening&stage=newcomer&tz=America/New_York',
  },
  {
    name: 'near a place within 25 km',
    query: 'place=Boston&radius=25&units=km&tz=America/New_York',
  },
  { name: 'in progress now', query: 'now=in_progress&tz=Europe/London' },
  {
    name: 'day + attendance + type',
    query: 'day=2&attendance=in_person&attendance=hybrid&type=W&tz=America/Chicago',
  },
  {
    name: 'focus + language, page 2',
    query: 'focus=alcohol&focus=opioids&language=es&page=2&tz=America/Los_Angeles',
  },
] as const;

interface Options {
  pgUrl: string | undefined;
  pglite: boolean;
  duration: number;
  computed: number;
  connections: number;
  meetings: number;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    pgUrl: value('--pg') ?? process.env.DATABASE_URL,
    pglite: !argv.includes('--no-pglite'),
    duration: Number(value('--duration') ?? 5),
    computed: Number(value('--computed') ?? 3),
    connections: Number(value('--connections') ?? 50),
    meetings: Number(value('--meetings') ?? 20_000),
  };
}

const log = (message: string) => process.stderr.write(`[bench:finder] ${message}\n`);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

interface Measured {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function measure(url: string, seconds: number, connections: number): Promise<Measured> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    workers: 1,
    timeout: 10,
    headers: BROWSER_HEADERS,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

async function measureCeiling(options: Options): Promise<Measured> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello world');
  });
  const base = await listen(server);
  log(`ceiling: bare node:http hello world for ${options.duration}s`);
  const measured = await measure(`${base}/`, options.duration, options.connections);
  await new Promise((resolve) => server.close(resolve));
  return measured;
}

async function openBenchDatabase(kind: 'pglite' | 'postgres', url?: string) {
  if (kind === 'pglite') return { database: await openDatabase({}), drop: async () => {} };
  const name = `iconocast_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url!);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: dbUrl.toString() });
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

async function seed(database: Database, meetings: number) {
  const began = performance.now();
  const generated = generateDirectory(meetings, Math.round(meetings * 0.3));
  const feeds = feedDirectory();
  await insertDirectory(database.db, generated);
  await insertDirectory(database.db, feeds);
  return {
    generatedMeetings: generated.meetings.length,
    generatedGroups: generated.groups.length,
    feedMeetings: feeds.meetings.length,
    feedGroups: feeds.groups.length,
    feedRowsSkipped: feeds.skipped,
    seedMs: Math.round(performance.now() - began),
  };
}

/** Builds the index once outside the app to time it and weigh it. */
async function measureIndex(database: Database) {
  gc();
  const before = process.memoryUsage().heapUsed;
  const index = await buildFinderIndex(database.db, systemClock, 0);
  gc();
  const retained = process.memoryUsage().heapUsed - before;
  return { ...index.stats, heapMB: mb(retained), textSearch: timeTextSearch(index) };
}

/**
 * MiniSearch on its own, for searches never seen before (each is remembered afterwards):
 * two words from the directory's vocabulary, one with a letter dropped.
 */
function timeTextSearch(index: Awaited<ReturnType<typeof buildFinderIndex>>) {
  const words = [
    'serenity',
    'fellowship',
    'newcomers',
    'meditation',
    'lighthouse',
    'speaker',
    'literature',
    'boston',
    'chicago',
    'harbour',
    'gratitude',
    'courage',
    'village',
    'compass',
    'sobriety',
    'women',
    'beginners',
    'downtown',
    'riverside',
    'station',
  ];
  const times: number[] = [];
  const seen = new Set<string>();
  for (let n = 0; times.length < 300 && n < 5000; n++) {
    const a = words[n % words.length]!;
    const b = words[Math.floor(n / words.length) % words.length]!;
    const cut = 1 + (Math.floor(n / 400) % (a.length - 1));
    const q = `${a.slice(0, cut)}${a.slice(cut + 1)} ${b}`;
    if (a === b || seen.has(q)) continue;
    seen.add(q);
    const t = performance.now();
    index.textMatches(q);
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  return {
    what: 'uncached MiniSearch query (fuzzy 0.2, prefix), 300 distinct typo searches',
    p50Ms: round(times[times.length >> 1]!, 2),
    p99Ms: round(times[Math.floor(times.length * 0.99)]!, 2),
  };
}

async function runDatabase(kind: 'pglite' | 'postgres', options: Options, ceiling: Measured) {
  log(`${kind}: opening a fresh database`);
  const { database, drop } = await openBenchDatabase(kind, options.pgUrl);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iconocast-bench-'));
  try {
    log(`${kind}: inserting ${options.meetings} generated meetings and the four real feeds`);
    const seeded = await seed(database, options.meetings);
    log(`${kind}: seeded in ${seeded.seedMs} ms; building the index once to weigh it`);
    const index = await measureIndex(database);

    const config = loadConfig({
      SESSION_SECRET: 'b'.repeat(40),
      LOG_LEVEL: 'warn',
      ICONOCAST_DATA_DIR: dataDir,
      PUBLIC_URL: 'http://127.0.0.1',
    });
    const quiet = new Writable({ write: (_c, _e, cb) => cb() });
    const app = await buildApp({
      config,
      database,
      clock: systemClock,
      mailer: new MemoryMailer(),
      logStream: quiet,
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      // The first search builds the app's own index (lazily).
      const began = performance.now();
      const first = await fetch(`${base}/api/finder?tz=UTC`);
      const firstQueryMs = Math.round(performance.now() - began);
      if (first.status !== 200)
        throw new Error(`first search: ${first.status} ${await first.text()}`);
      const everything = (await first.json()) as { total: number };

      // Warm up (JIT, the first per-minute answers) before anything is recorded, then
      // measure the app's cheapest route: what every route here costs before its own work.
      log(`${kind}: warming up, 1s per search`);
      for (const scenario of SCENARIOS) {
        await measure(`${base}/api/finder?${scenario.query}`, 1, options.connections);
      }
      log(`${kind}: the app's /healthz for ${options.computed}s (its floor)`);
      const appFloor = withVerdict(
        await measure(`${base}/healthz`, options.computed, options.connections),
        ceiling,
      );

      const scenarios = [];
      for (const scenario of SCENARIOS) {
        const url = `${base}/api/finder?${scenario.query}`;
        const check = await fetch(url);
        const body = (await check.json()) as { total: number; results: unknown[] };
        if (check.status !== 200) throw new Error(`${scenario.name}: ${check.status}`);
        const bytes = Number(check.headers.get('content-length') ?? 0);
        log(`${kind}: ${scenario.name} (${body.total} matches) — served, ${options.duration}s`);
        finderTuning.responseCache = true;
        const served = await measure(url, options.duration, options.connections);
        log(`${kind}: ${scenario.name} — computed every time, ${options.computed}s`);
        finderTuning.responseCache = false;
        const computed = await measure(url, options.computed, options.connections);
        finderTuning.responseCache = true;
        scenarios.push({
          name: scenario.name,
          path: `/api/finder?${scenario.query}`,
          matches: body.total,
          resultsOnPage: body.results.length,
          responseBytes: bytes,
          served: withVerdict(served, ceiling),
          computedEveryRequest: withVerdict(computed, ceiling),
        });
      }
      const browser = kind === 'pglite' ? await measureBrowser(base) : undefined;
      return {
        browser,
        database: kind,
        directory: { ...seeded, listedMeetings: everything.total },
        index,
        firstSearchMs: firstQueryMs,
        appFloor: { what: 'GET /healthz of the same app (Fastify + helmet + hooks)', ...appFloor },
        scenarios,
        meetsTarget: {
          served: scenarios.every((s) => s.served.meetsTarget),
          computedEveryRequest: scenarios.every((s) => s.computedEveryRequest.meetsTarget),
        },
      };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The area the browser part opens: ~2,000 meetings around New York. */
const BROWSER_AREA = 'place=New%20York&radius=25&units=km';

/** The finder page opened fresh in headless Chromium (the web engineer's bench/finder.browser.ts). */
async function measureBrowser(base: string) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path.resolve('web/dist/index.html'))) {
    return { skipped: 'the web app is not built (npm run build)' };
  }
  if (!existsSync(chromium)) return { skipped: `no Chromium at ${chromium}` };
  const area = (await (await fetch(`${base}/api/finder?${BROWSER_AREA}`)).json()) as {
    total: number;
  };
  log(`browser: the finder page on ${area.total} meetings, fresh each time`);
  try {
    const measured = await measureFinderPage({ url: `${base}/groups?${BROWSER_AREA}`, runs: 7 });
    return {
      page: `/groups?${BROWSER_AREA}`,
      areaMeetings: area.total,
      ...measured,
      target: { medianFirstResultsMs: 500, jsBytesCompressed: 150 * 1024 },
      meetsTarget: measured.medianFirstResultsMs < 500 && measured.jsBytesCompressed <= 150 * 1024,
    };
  } catch (err) {
    return { skipped: `the browser run failed: ${(err as Error).message}` };
  }
}

function withVerdict(m: Measured, ceiling: Measured) {
  const shareOfCeiling = round(m.requestsPerSecond / ceiling.requestsPerSecond, 3);
  return {
    ...m,
    shareOfCeiling,
    meetsTarget:
      m.non2xx === 0 &&
      m.errors === 0 &&
      m.p99Ms < TARGET.p99Ms &&
      shareOfCeiling >= TARGET.shareOfCeiling,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const began = performance.now();
  const startLoad = os.loadavg()[0]!;
  const ceiling = await measureCeiling(options);
  log(`ceiling: ${ceiling.requestsPerSecond} req/s, p99 ${ceiling.p99Ms} ms`);
  const runs = [];
  if (options.pglite) runs.push(await runDatabase('pglite', options, ceiling));
  if (options.pgUrl) runs.push(await runDatabase('postgres', options, ceiling));
  else log('postgres: skipped (set DATABASE_URL or pass --pg URL)');

  const report = {
    benchmark: 'finder',
    machine: {
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      platform: `${os.platform()} ${os.release()}`,
      /** Other work on the machine skews every number: 1-minute load average at start and end. */
      loadAverage: { atStart: round(startLoad, 2), atEnd: round(os.loadavg()[0]!, 2) },
    },
    settings: {
      connections: options.connections,
      servedSeconds: options.duration,
      computedSeconds: options.computed,
      loadGenerator: 'autocannon in a worker thread of this process',
    },
    target: TARGET,
    ceiling: { what: 'bare node:http hello world, same process, same load', ...ceiling },
    runs: runs.map(({ browser: _browser, ...run }) => run),
    // The finder page opened fresh in headless Chromium on a ~2,000-meeting area (PGlite run).
    browser: runs[0]?.browser ?? null,
    totalSeconds: Math.round((performance.now() - began) / 1000),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
