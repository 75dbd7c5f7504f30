/**
 * The browser half of `npm run bench:finder`: opens the finder page fresh (new context, empty
 * cache) in headless Chromium at a phone's size with the CPU slowed 4× and measures when the
 * first result row is on screen, how many requests the page made and how many bytes it took.
 * With `staticUrl` it measures a plain static page holding the same first rows the same way,
 * so the finder's time can be compared with the best a page could do on this server.
 *
 * Standalone, on its own small directory (builds the web app and a fresh in-memory database):
 *   `npx tsx bench/finder.browser.ts --meetings 2000 [--runs 7]`
 * or against a running server: `npx tsx bench/finder.browser.ts http://127.0.0.1:3000/groups`.
 */
import { rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

export interface PageLoad {
  /** Median time from navigation start until the first result row is painted. */
  medianFirstRowMs: number;
  p90: number;
  samplesMs: number[];
  /** Median time until the page's first byte (the server's share, rendering included). */
  medianFirstByteMs: number;
  /** Requests of one fresh load (every one the page made, favicon included). */
  requests: number;
  /** Request URLs of one fresh load, in order. */
  requestPaths: string[];
  /** Compressed JavaScript bytes (as sent over the wire) of one fresh load. */
  jsBytesCompressed: number;
  /** Every response body and header of one fresh load. */
  transferBytes: number;
  /** Response header bytes of one fresh load. */
  headerBytes: number;
}

export interface FinderPageMeasurement extends PageLoad {
  /** Same as medianFirstRowMs (the name finder.bench.ts reads). */
  medianFirstResultsMs: number;
  runs: number;
  /** The static page with the same first rows, when `staticUrl` was given. */
  static?: PageLoad;
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PHONE = { width: 390, height: 844 };
export const CPU_SLOWDOWN = 4;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

/**
 * Records the time of the first frame painted with a result row in the page: the observer
 * watches the document from its very start (rows parsed from the server's HTML count as much
 * as rows the app draws), and a requestAnimationFrame callback runs only once the page may
 * paint (not while the stylesheet still blocks rendering). A string, not a function: tsx would
 * wrap a function with helpers that do not exist in the page.
 */
const observeFirstRow = `
(() => {
  let seen = false;
  const check = () => {
    if (seen || !document.querySelector('.results .result')) return;
    seen = true;
    observer.disconnect();
    requestAnimationFrame(() => { window.__firstRowAt = performance.now(); });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', check);
})();
`;

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
}

/** `runs` fresh loads of `url` (after one warm-up load that is not counted). */
async function measureLoads(
  browser: Browser,
  url: string,
  runs: number,
  isApp: boolean,
): Promise<PageLoad> {
  const samples: number[] = [];
  const firstBytes: number[] = [];
  let first:
    Omit<PageLoad, 'medianFirstRowMs' | 'p90' | 'samplesMs' | 'medianFirstByteMs'> | undefined;
  for (let run = -1; run < runs; run++) {
    const context = await browser.newContext({
      viewport: PHONE,
      timezoneId: 'Europe/London',
      locale: 'en-GB',
    });
    await context.addInitScript({ content: observeFirstRow });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const responses: Promise<{ path: string; js: number; body: number; headers: number }>[] = [];
    page.on('requestfinished', (request) => {
      responses.push(
        request
          .sizes()
          .then((sizes) => {
            const type = request.resourceType();
            const body = sizes.responseBodySize;
            const u = new URL(request.url());
            return {
              path: u.pathname + u.search,
              js: type === 'script' || /\.js(\?|$)/.test(request.url()) ? body : 0,
              body,
              headers: sizes.responseHeadersSize,
            };
          })
          // A request still finishing as the context closes: not part of the measured load.
          .catch(() => ({ path: '', js: 0, body: 0, headers: 0 })),
      );
    });
    // The app's last first-load request is its session check, made once it has started: a
    // quiet network before that (a slow phone still running script) is not the end of the load.
    const started = isApp
      ? page.waitForResponse((r) => r.url().endsWith('/api/auth/session'), { timeout: 30_000 })
      : Promise.resolve();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => '__firstRowAt' in window, null, { timeout: 30_000 });
    const at = await page.evaluate(
      () => (window as unknown as { __firstRowAt: number }).__firstRowAt,
    );
    // When the page's first byte arrived: the server's share of the wait.
    const firstByte = await page.evaluate(
      () =>
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
          ?.responseStart ?? 0,
    );
    await started;
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(responses);
    if (run >= 0) {
      samples.push(Math.round(at));
      firstBytes.push(Math.round(firstByte));
      first ??= {
        requests: sizes.length,
        requestPaths: sizes.map((s) => s.path),
        jsBytesCompressed: sizes.reduce((n, s) => n + s.js, 0),
        transferBytes: sizes.reduce((n, s) => n + s.body + s.headers, 0),
        headerBytes: sizes.reduce((n, s) => n + s.headers, 0),
      };
    }
    await context.close();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianFirstRowMs: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    samplesMs: samples,
    medianFirstByteMs: percentile(
      [...firstBytes].sort((a, b) => a - b),
      50,
    ),
    ...first!,
  };
}

/**
 * The finder page at `url`, opened fresh `runs` times; with `staticUrl`, the static page with
 * the same first rows too (loads of the two alternate, so both see the same machine load).
 */
export async function measureFinderPage({
  url,
  staticUrl,
  runs = 7,
}: {
  url: string;
  staticUrl?: string;
  runs?: number;
}): Promise<FinderPageMeasurement> {
  const browser = await launch();
  try {
    const finder = await measureLoads(browser, url, runs, true);
    const plain = staticUrl ? await measureLoads(browser, staticUrl, runs, false) : undefined;
    return {
      ...finder,
      medianFirstResultsMs: finder.medianFirstRowMs,
      runs,
      ...(plain ? { static: plain } : {}),
    };
  } finally {
    await browser.close();
  }
}

/** The HTML of `page` with every script (and module preload) taken out: what a static page is. */
export function withoutScripts(html: string): string {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, '');
}

/** The area the browser part opens in the standalone run: around New York. */
const AREA = 'place=New%20York&radius=25&units=km';

/** Builds the web app, seeds `meetings` generated meetings in PGlite, serves and measures. */
async function standalone(meetings: number, runs: number) {
  const { ensureWebBuilt } = await import('../server/cli.ts');
  const { buildApp } = await import('../server/app.ts');
  const { openDatabase } = await import('../server/db/client.ts');
  const { systemClock } = await import('../server/lib/clock.ts');
  const { loadConfig } = await import('../server/lib/config.ts');
  const { MemoryMailer } = await import('../server/lib/mailer.ts');
  const { generateDirectory, insertDirectory } = await import('./finder.data.ts');

  await ensureWebBuilt();
  const database = await openDatabase({});
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iconocast-bench-'));
  try {
    await insertDirectory(database.db, generateDirectory(meetings, Math.round(meetings * 0.3)));
    const app = await buildApp({
      config: loadConfig({
        SESSION_SECRET: 'b'.repeat(40),
        LOG_LEVEL: 'warn',
        ICONOCAST_DATA_DIR: dataDir,
        PUBLIC_URL: 'http://127.0.0.1',
      }),
      database,
      clock: systemClock,
      mailer: new MemoryMailer(),
      logStream: new Writable({ write: (_c, _e, cb) => cb() }),
    });
    // The static page: the finder page's own HTML with no scripts, from the same server.
    let staticHtml = '';
    app.get('/bench/static-finder', { config: { rateLimit: false } }, (_req, reply) =>
      reply.type('text/html; charset=utf-8').send(staticHtml),
    );
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const area = (await (await fetch(`${base}/api/finder?${AREA}`)).json()) as {
        total: number;
      };
      const page = `${base}/groups?${AREA}`;
      const served = await (await fetch(page)).text();
      const hasRows = served.includes('class="result"');
      staticHtml = withoutScripts(served);
      const m = await measureFinderPage({
        url: page,
        staticUrl: hasRows ? `${base}/bench/static-finder` : undefined,
        runs,
      });
      return {
        page: `/groups?${AREA}`,
        areaMeetings: area.total,
        phone: PHONE,
        cpuSlowdown: CPU_SLOWDOWN,
        first_row_ms: m.medianFirstRowMs,
        static_first_row_ms: m.static?.medianFirstRowMs ?? null,
        first_byte_ms: m.medianFirstByteMs,
        static_first_byte_ms: m.static?.medianFirstByteMs ?? null,
        ratio: m.static
          ? Math.round((m.medianFirstRowMs / m.static.medianFirstRowMs) * 100) / 100
          : null,
        target: 'first_row_ms ≤ 1.5 × static_first_row_ms',
        requests: m.requests,
        transferBytes: m.transferBytes,
        headerBytes: m.headerBytes,
        jsBytesCompressed: m.jsBytesCompressed,
        finder: m,
      };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { meetings: { type: 'string' }, runs: { type: 'string', default: '7' } },
  });
  const runs = Number(values.runs);
  const report = positionals[0]
    ? await measureFinderPage({ url: positionals[0], runs })
    : await standalone(Number(values.meetings ?? 2000), runs);
  console.log(JSON.stringify(report, null, 2));
  process.exit(0);
}
