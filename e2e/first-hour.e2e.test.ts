/**
 * The first hour of the four people the product serves, each as one journey through the demo,
 * in the browser: a newcomer (phone, dark), a member (desktop), a facilitator (phone) and an
 * admin (desktop). Each ends with axe (no serious or critical findings) and a full-page
 * screenshot in test-results/ that a person looks at when the journey changes.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DOMAIN, DEMO_PASSWORD } from '../server/modules/demo/demo.content.ts';
import { decodeEmail, findEmailLink, newContext, submitSignIn } from './harness.ts';
import { browserSuite } from './suite.ts';
import { emailedLinkToken } from './api-client.ts';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe on the page as it is now (serious and critical only), then a screenshot of it. */
async function endOfJourney(page: Page, name: string) {
  await page
    .locator('[aria-busy="true"]')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `[${v.impact}] ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
  await page.screenshot({ path: `test-results/first-hour-${name}.png`, fullPage: true });
}

async function signInAs(page: Page, key: string) {
  await submitSignIn(page, `${key}@${DEMO_DOMAIN}`, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 20_000 });
}

const newcomerMessage = 'I have been sober three weeks and evenings are hard.';

const newcomer = {
  email: 'river.newcomer@example.org',
  password: 'quiet-lantern-meadow-47',
  displayName: 'River N.',
};

// The journeys do not depend on the database: CI's PostgreSQL run skips them (as it does the
// accessibility journey) to keep CI short.
describe.skipIf(Boolean(process.env.DATABASE_URL))('the first hour', () => {
  const suite = browserSuite({
    start: { args: ['--demo'], env: { ICONOCAST_STAFF_2FA: 'optional' } },
  });
  beforeAll(() => {
    mkdirSync('test-results', { recursive: true });
  });

  it('a newcomer on a phone finds help, a group and asks to join it', async () => {
    const { context, foreignRequests } = await newContext(suite.browser, suite.server, {
      phone: true,
      dark: true,
    });
    const page = await context.newPage();
    await page.goto('/');
    // Help is one tap away, with tap-to-call links.
    await page.getByRole('button', { name: 'Get help now' }).click();
    const help = page.getByRole('dialog', { name: 'Help, right now' });
    await help.waitFor();
    expect(await help.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
    await help.getByRole('button', { name: 'Close' }).click();

    // The finder: online meetings are there, and Spanish is found by its English name.
    await page.goto('/groups?attendance=online');
    await page.locator('h1').first().waitFor();
    await page
      .getByRole('link', { name: /Evening Harbour/ })
      .first()
      .waitFor();
    await page.goto('/groups?q=spanish');
    await page
      .getByRole('link', { name: /Familias/ })
      .first()
      .waitFor();

    // Sign up, finish from the emailed link.
    await page.goto('/sign-up');
    await page.getByLabel('Email', { exact: true }).fill(newcomer.email);
    await page.getByLabel('Password', { exact: true }).fill(newcomer.password);
    await page.getByLabel('Display name').fill(newcomer.displayName);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    const token = await emailedLinkToken(suite.server, newcomer.email, '/sign-in-link');
    await page.goto(`/sign-in-link?token=${encodeURIComponent(token)}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    // Sign-in lands on the member home, which starts them off kindly.
    await page.waitForURL('**/home');
    await page.getByRole('link', { name: 'Answer a few questions' }).waitFor();

    // Ask to join a closed group, saying something to its facilitators.
    await page.goto('/groups/still-water');
    await page.getByRole('heading', { level: 1, name: 'Still Water' }).waitFor();
    await page.getByLabel('I have read the group agreement and I accept it').check();
    await page.getByLabel('A message to the facilitators').fill(newcomerMessage);
    await page.getByRole('button', { name: 'Ask to join' }).click();
    await page.getByText('Your request has been sent.', { exact: false }).waitFor();

    // The home shows the request as waiting.
    await page.goto('/home');
    await page.getByRole('heading', { name: 'Your requests to join' }).waitFor();
    await page.getByText('Waiting', { exact: true }).first().waitFor();
    await endOfJourney(page, 'newcomer-phone-dark');
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('a member signs in and sees their groups and next meetings', async () => {
    const { context, foreignRequests } = await newContext(suite.browser, suite.server, {});
    const page = await context.newPage();
    await signInAs(page, 'tom.b');
    // Sign-in lands on the home: their group and their next meetings, in their zone.
    await page.waitForURL('**/home');
    await page.getByRole('heading', { name: 'Your groups' }).waitFor();
    const groups = page.getByRole('region', { name: 'Your groups' });
    const meetings = page.getByRole('region', { name: 'Your next meetings' });
    await page.getByRole('link', { name: 'Evening Harbour', exact: true }).first().waitFor();
    await page
      .getByRole('link', { name: /Evening Harbour — Tuesday check-in/ })
      .first()
      .waitFor();
    expect(await groups.count()).toBeLessThanOrEqual(1);
    expect(await meetings.count()).toBeLessThanOrEqual(1);
    await endOfJourney(page, 'member-home-desktop-light');

    await page
      .getByRole('link', { name: /Evening Harbour — Tuesday check-in/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: /Tuesday check-in/ }).waitFor();
    // An approved member is not told to ask to join.
    expect(await page.getByRole('button', { name: 'Ask to join the group' }).count()).toBe(0);
    await endOfJourney(page, 'member-meeting-desktop-light');
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('a facilitator answers a request and adds a meeting in the group’s zone', async () => {
    const { context, foreignRequests } = await newContext(suite.browser, suite.server, {
      phone: true,
    });
    const page = await context.newPage();
    await signInAs(page, 'maya.r');
    // The newcomer's request waits on the group's page, with their message.
    await page.goto('/groups/still-water');
    await page.getByRole('heading', { level: 1, name: 'Still Water' }).waitFor();
    await page.getByText(newcomerMessage).waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: newcomerMessage })
      .getByRole('button', { name: 'Approve' })
      .click();
    await page.getByText('River N. is now a member.').waitFor();
    // The facilitators section is there for the group's facilitators.
    await page.getByRole('heading', { name: 'Facilitators', exact: true }).first().waitFor();

    // A new meeting starts in the group's zone, with no day chosen for them.
    await page.goto('/groups/still-water/meetings/new');
    await page.getByRole('heading', { level: 1, name: 'New meeting' }).waitFor();
    expect(await page.locator('input[type="checkbox"][name^="recurrence"]:checked').count()).toBe(
      0,
    );
    await endOfJourney(page, 'facilitator-phone-light');
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('an admin sets up the organisation and invites a facilitator', async () => {
    const { context, foreignRequests } = await newContext(suite.browser, suite.server, {
      dark: true,
    });
    const page = await context.newPage();
    await signInAs(page, 'admin');
    // The organisation's name and its community guidelines, shown at sign-up.
    await page.goto('/admin/settings');
    await page.getByLabel('Name of the organisation').waitFor();
    await page.getByLabel('Name of the organisation').fill('Harbour Peer Support');
    await page.getByLabel('Community guidelines').fill('Be kind. What is said here stays here.');
    await page.getByRole('button', { name: /save/i }).first().click();
    await page.getByText('Saved.').first().waitFor();
    await endOfJourney(page, 'admin-settings-desktop-dark');

    // Invite a facilitator to a group by email; the link is accepted by a new person.
    await page.goto('/groups/level-up');
    await page.getByRole('heading', { level: 1, name: 'Level Up' }).waitFor();
    await page.getByLabel('Their email address').fill('jo.cofacilitator@example.org');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByText('Invitation sent to jo.cofacilitator@example.org.').waitFor();
    const link = findEmailLink(suite.server, 'jo.cofacilitator@example.org', '/invitations');
    expect(link).toBeNull(); // the link is a path segment, checked below
    const raw = [...suite.server.outbox()].reverse().find((m) => m.includes('jo.cofacilitator'));
    const token = decodeEmail(raw ?? '').match(/\/invitations\/([A-Za-z0-9_-]+)/)?.[1];
    expect(token).toBeTruthy();

    const invited = await newContext(suite.browser, suite.server, { phone: true });
    const jo = await invited.context.newPage();
    await jo.goto(`/invitations/${token}`);
    await jo.getByText(/invited you to facilitate the group/).waitFor();
    await jo.getByLabel('Password', { exact: true }).fill('bright-harbour-compass-62');
    await jo.getByLabel('Display name').fill('Jo C.');
    await jo.getByRole('button', { name: 'Create my account and accept' }).click();
    await jo.getByText('You now facilitate “Level Up”.').waitFor();
    expect(invited.foreignRequests).toEqual([]);
    await invited.context.close();

    // The people table shows the new facilitator.
    await page.goto('/admin/users');
    await page.getByText('jo.cofacilitator@example.org').waitFor();
    await endOfJourney(page, 'admin-people-desktop-dark');
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
