/**
 * The browser half of `npm run bench:finder`: opens the finder page fresh (new context, empty
 * cache) in headless Chromium and measures how long the first results take to appear, and how
 * many bytes of JavaScript (compressed, as sent) and in total the page needed.
 *
 * Standalone: `npx tsx bench/finder.browser.ts http://127.0.0.1:3400/groups [runs]`.
 */
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export interface FinderPageMeasurement {
  /** Median time from navigation start until the first result card is in the page. */
  medianFirstResultsMs: number;
  p90: number;
  /** Compressed JavaScript bytes (as sent over the wire) of one fresh load. */
  jsBytesCompressed: number;
  /** Every response body and header of one fresh load. */
  transferBytes: number;
  runs: number;
  samplesMs: number[];
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

/**
 * Records `performance.now()` when the first result card appears. A string, not a function:
 * tsx would wrap a function with helpers that do not exist in the page.
 */
const observeFirstResult = `
(() => {
  const check = () => {
    if (window.__firstResultAt === undefined && document.querySelector('.results .result')) {
      window.__firstResultAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  document.addEventListener('DOMContentLoaded', () => {
    observer.observe(document.body, { childList: true, subtree: true });
    check();
  });
})();
`;

export async function measureFinderPage({
  url,
  runs = 7,
}: {
  url: string;
  runs?: number;
}): Promise<FinderPageMeasurement> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const samples: number[] = [];
  let jsBytesCompressed = 0;
  let transferBytes = 0;
  try {
    // One warm-up load so the server's first-request costs (index build, JIT) are not counted.
    for (let run = -1; run < runs; run++) {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        timezoneId: 'Europe/London',
        locale: 'en-GB',
      });
      await context.addInitScript({ content: observeFirstResult });
      const page = await context.newPage();
      const responses: Promise<{ js: number; total: number }>[] = [];
      page.on('requestfinished', (request) => {
        responses.push(
          request.sizes().then((sizes) => {
            const type = request.resourceType();
            const body = sizes.responseBodySize;
            return {
              js: type === 'script' || /\.js(\?|$)/.test(request.url()) ? body : 0,
              total: body + sizes.responseHeadersSize,
            };
          }),
        );
      });
      await page.goto(url, { waitUntil: 'commit' });
      await page.locator('.results .result').first().waitFor({ timeout: 30_000 });
      const at = await page.evaluate(
        () => (window as unknown as { __firstResultAt: number }).__firstResultAt,
      );
      await page.waitForLoadState('networkidle');
      const sizes = await Promise.all(responses);
      if (run >= 0) {
        samples.push(Math.round(at));
        if (run === 0) {
          jsBytesCompressed = sizes.reduce((n, s) => n + s.js, 0);
          transferBytes = sizes.reduce((n, s) => n + s.total, 0);
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianFirstResultsMs: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    jsBytesCompressed,
    transferBytes,
    runs,
    samplesMs: samples,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.argv[2] ?? 'http://127.0.0.1:3000/groups';
  const runs = Number(process.argv[3] ?? 7);
  console.log(JSON.stringify(await measureFinderPage({ url, runs }), null, 2));
}
