/**
 * axe on every page of the product, signed out and signed in as a member, a facilitator and
 * an admin, on a phone in dark mode and on a desktop in light mode (so each size and each
 * colour scheme is checked), against the demo content. 0 serious or critical violations;
 * every other axe finding is listed too, so it cannot hide. `/docs` (the API reference,
 * swagger-ui) is checked too, with its top bar and deep links off and a contrast theme.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DOMAIN, DEMO_PASSWORD } from '../server/modules/demo/demo.content.ts';
import { newContext, submitSignIn } from './harness.ts';
import { browserSuite } from './suite.ts';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Role = 'visitor' | 'member' | 'facilitator' | 'admin';

/** Each role's pages; `:heading` is awaited so axe sees the loaded page, not a spinner. */
const pages: Record<Role, string[]> = {
  visitor: [
    '/',
    '/groups',
    '/groups?q=harbour&attendance=online',
    '/groups/match',
    '/groups/evening-harbour',
    '/groups/still-water',
    '/meetings/evening-harbour-tuesday',
    '/health',
    '/science',
    '/sign-in',
    '/sign-up',
    '/forgot-password',
    '/reset-password?token=not-a-real-token',
    '/confirm-email?token=not-a-real-token',
    '/goodbye',
    '/no-such-page',
    '/docs',
  ],
  member: [
    '/',
    '/groups/evening-harbour',
    '/groups/still-water',
    '/meetings/evening-harbour-tuesday',
    '/settings/profile',
    '/settings/privacy',
    '/settings/email',
    '/settings/password',
    '/settings/security',
    '/settings/sessions',
    '/settings/activity',
    '/settings/calendar',
    '/settings/data',
  ],
  facilitator: [
    '/groups/evening-harbour',
    '/groups/evening-harbour/edit',
    '/groups/evening-harbour/meetings/new',
    '/meetings/evening-harbour-tuesday',
    '/meetings/evening-harbour-tuesday/edit',
    '/groups/new',
  ],
  admin: ['/admin/users', '/admin/audit', '/admin/import', '/admin/settings'],
};

const people: Record<Exclude<Role, 'visitor'>, { key: string; name: string }> = {
  member: { key: 'tom.b', name: 'Tom B.' },
  facilitator: { key: 'maya.r', name: 'Maya R.' },
  admin: { key: 'admin', name: 'Robin A.' },
};

async function signIn(page: Page, who: { key: string; name: string }) {
  await submitSignIn(page, `${who.key}@${DEMO_DOMAIN}`, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 20_000 });
}

/** Waits until the page has settled: a level-1 heading and no loading indicator. */
async function settled(page: Page) {
  await page.locator('h1').first().waitFor({ timeout: 10_000 });
  await page
    .locator('[aria-busy="true"]')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

// The pages do not depend on the database: CI's second run (PostgreSQL) skips this file to
// keep CI short; the embedded run checks every page.
describe.skipIf(Boolean(process.env.DATABASE_URL))('accessibility of every page', () => {
  const suite = browserSuite({
    start: { args: ['--demo'], env: { ICONOCAST_STAFF_2FA: 'optional' } },
  });
  beforeAll(() => {
    mkdirSync('test-results', { recursive: true });
  });

  for (const variant of [
    { name: 'phone, dark', phone: true, dark: true },
    { name: 'desktop, light', phone: false, dark: false },
  ]) {
    for (const role of Object.keys(pages) as Role[]) {
      describe(`a ${role} (${variant.name})`, () => {
        let context: BrowserContext;
        let page: Page;
        let foreignRequests: string[];
        const errors: string[] = [];

        beforeAll(async () => {
          ({ context, foreignRequests } = await newContext(suite.browser, suite.server, variant));
          page = await context.newPage();
          page.on('pageerror', (e) => errors.push(e.message));
          if (role !== 'visitor') await signIn(page, people[role]);
        });
        afterAll(async () => {
          await page?.screenshot({
            path: `test-results/a11y-${role}-${variant.phone ? 'phone' : 'desktop'}-${variant.dark ? 'dark' : 'light'}.png`,
            fullPage: true,
          });
          await context?.close();
        });

        for (const path of pages[role]) {
          it(`${path} has no axe violations`, async () => {
            await page.goto(path);
            await settled(page);
            const results = await new AxeBuilder({ page }).withTags(tags).analyze();
            const found = results.violations.map(
              (v) =>
                `[${v.impact}] ${v.id}: ${v.nodes
                  .slice(0, 3)
                  .map((n) => n.target.join(' '))
                  .join(', ')}`,
            );
            expect(found).toEqual([]);
            expect(foreignRequests).toEqual([]);
            expect(errors).toEqual([]);
          });
        }
      });
    }
  }
});
