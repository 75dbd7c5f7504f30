import { describe, expect, it } from 'vitest';
import { newContext } from './harness.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite({ start: { args: ['--demo'] } });

/**
 * Keeps the first result row the HTML parser inserted (before any script ran), and notes
 * whether the server's HTML was ever replaced.
 */
const watchFirstRow = `
(() => {
  const observer = new MutationObserver(() => {
    const row = document.querySelector('.results .result');
    if (row && !window.__parsedRow) window.__parsedRow = row;
  });
  observer.observe(document, { childList: true, subtree: true });
})();
`;

describe('the server-rendered finder', () => {
  for (const visit of ['first visit (zone unknown to the server)', 'returning (zone cookie)']) {
    it(`is taken over by the app without being drawn again: ${visit}`, async () => {
      const { context } = await newContext(suite.browser, suite.server, { phone: true });
      if (visit.startsWith('returning')) {
        await context.addCookies([
          { name: 'iconocast_tz', value: 'Europe%2FLondon', url: suite.server.url },
        ]);
      }
      await context.addInitScript({ content: watchFirstRow });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      // The app runs fully once it has taken the page over: it asks who is signed in.
      const session = page.waitForResponse((r) => r.url().endsWith('/api/auth/session'));
      await page.goto('/groups');
      await session;
      // The app is running once the no-JavaScript "show" button has gone.
      await page
        .getByRole('button', { name: 'Show these meetings' })
        .waitFor({ state: 'detached' });
      await page.waitForLoadState('networkidle');
      const same = await page.evaluate(() => {
        const w = window as unknown as { __parsedRow?: Element };
        return {
          parsed: !!w.__parsedRow,
          same: w.__parsedRow === document.querySelector('.results .result'),
          attached: !!w.__parsedRow?.isConnected,
        };
      });
      expect(same).toEqual({ parsed: true, same: true, attached: true });
      expect(problems.filter((p) => /hydrat|drawn again|did not match/i.test(p))).toEqual([]);
      // Times now in the browser's zone, as the app would have asked for them.
      await expect
        .poll(() => page.locator('.results .result time').first().textContent())
        .toMatch(/GMT|BST|UTC/);
      await context.close();
    });
  }

  it('works with JavaScript off: the filters are a form that reloads the page', async () => {
    const context = await suite.browser.newContext({
      baseURL: suite.server.url,
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto('/groups');
    const all = await page.locator('.results .result').count();
    expect(all).toBeGreaterThan(1);
    await page.getByText('Filters', { exact: true }).click();
    await page.getByLabel(/^Gaming and internet/).check();
    await Promise.all([
      page.waitForURL(/focus=gaming_internet/),
      page.getByRole('button', { name: 'Show these meetings' }).click(),
    ]);
    const filtered = page.locator('.results .result');
    expect(await filtered.count()).toBeGreaterThan(0);
    expect(await filtered.count()).toBeLessThan(all);
    await expect.poll(() => page.getByLabel(/^Gaming and internet/).isChecked()).toBe(true);
    // The words box sends the filters with it.
    await page.getByRole('searchbox', { name: 'Search meetings' }).fill('zzzz-nothing-like-this');
    await Promise.all([
      page.waitForURL(/q=zzzz/),
      page.getByRole('button', { name: 'Search', exact: true }).click(),
    ]);
    expect(page.url()).toMatch(/focus=gaming_internet/);
    expect(await page.locator('.results .result').count()).toBe(0);
    await context.close();
  });
});
