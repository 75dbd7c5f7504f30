import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { newContext, setupFirstAdmin } from './harness.ts';
import { browserSuite } from './suite.ts';

const tags = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
const crisis = 'If you are in danger or thinking about suicide';

describe('the public home page', () => {
  const suite = browserSuite({ prepare: setupFirstAdmin });
  beforeAll(() => {
    mkdirSync('test-results', { recursive: true });
  });

  for (const variant of [
    { name: 'desktop, light', phone: false, dark: false },
    { name: 'phone, dark', phone: true, dark: true },
  ]) {
    it(`welcomes a visitor with no foreign requests and no axe violations (${variant.name})`, async () => {
      const { context, foreignRequests } = await newContext(suite.browser, suite.server, variant);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto('/');
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toContain('You do not have to do this alone');
      expect(await page.title()).toContain('Iconocast');
      expect(await page.locator('footer').innerText()).toContain(crisis);
      // A visitor in the UK (en-GB, Europe/London) sees the UK's lines first.
      expect(await page.locator('footer').innerText()).toContain('116 123');
      expect(await page.getByRole('main').count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Skip to main content' }).count()).toBe(1);

      const results = await new AxeBuilder({ page }).withTags(tags).analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`),
      ).toEqual([]);

      await page.screenshot({
        path: `test-results/home-${variant.phone ? 'phone' : 'desktop'}-${variant.dark ? 'dark' : 'light'}.png`,
        fullPage: true,
      });
      expect(foreignRequests).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('keeps the crisis resources and passes axe on every public page', async () => {
    const { context, foreignRequests } = await newContext(suite.browser, suite.server, {
      phone: true,
    });
    const page = await context.newPage();
    for (const path of [
      '/groups',
      '/health',
      '/science',
      '/sign-in',
      '/sign-up',
      '/forgot-password',
      '/sign-in-link',
    ]) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.locator('footer').innerText(), path).toContain(crisis);
      const results = await new AxeBuilder({ page }).withTags(tags).analyze();
      expect(
        results.violations.map(
          (v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`,
        ),
      ).toEqual([]);
    }
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('opens the crisis lines from "Get help now" in the header, with tap-to-call and tap-to-text', async () => {
    const { context } = await newContext(suite.browser, suite.server, { phone: true });
    const page = await context.newPage();
    await page.goto('/groups');
    // Once the page has settled (a new page moves focus to its heading), start from the top.
    await page.getByRole('heading', { level: 1, name: 'Find a group' }).waitFor();
    // Right after the skip link: the next stop of the keyboard.
    await page.getByRole('link', { name: 'Skip to main content' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(
      'Get help now',
    );
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Help, right now' });
    await dialog.waitFor();
    expect(await dialog.locator('a[href="tel:116123"]').count()).toBeGreaterThan(0);
    expect(await dialog.locator('a[href^="sms:85258"]').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(
      'Get help now',
    );
    await context.close();
  });

  it('moves focus to the new page heading after navigating, and switches to Spanish', async () => {
    const { context } = await newContext(suite.browser, suite.server, {});
    const page = await context.newPage();
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Health' })
      .click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.title()).toBe('Health · Iconocast');

    await page.getByRole('button', { name: 'Español' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Salud');
    expect(await page.locator('footer').innerText()).toContain('116 123');
    await context.close();
  });
});
