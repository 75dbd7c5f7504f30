/**
 * A live meeting in two browsers: a member (phone) and the facilitator (desktop) in the room
 * of an online meeting that is on right now. Both join from their pages ("Join now"), the
 * member raises a hand, the facilitator gives the floor, the member writes, the facilitator
 * hides the message with a reason and the member reads the reason. Axe on both, screenshots
 * in test-results/.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DOMAIN, DEMO_PASSWORD } from '../server/modules/demo/demo.content.ts';
import { daysAgo, signInApi } from './api-client.ts';
import { newContext, submitSignIn, type RunningServer } from './harness.ts';
import { browserSuite } from './suite.ts';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const everyDay = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const meetingName = 'Evening Harbour — live test hour';
const soonName = 'Evening Harbour — starting soon';

async function axeAndScreenshot(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `[${v.impact}] ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
  await page.screenshot({ path: `test-results/live-room-${name}.png`, fullPage: true });
}

async function signInAs(page: Page, key: string) {
  await submitSignIn(page, `${key}@${DEMO_DOMAIN}`, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 20_000 });
}

/** A daily online meeting of Evening Harbour (Maya facilitates, Tom is a member) on now. */
async function seedMeetingOnNow(
  server: RunningServer,
): Promise<{ slug: string; occurrenceId: string; soonSlug: string }> {
  const maya = await signInApi(server, `maya.r@${DEMO_DOMAIN}`, DEMO_PASSWORD);
  // Started five minutes ago (UTC, to the minute), for an hour: the room is open.
  const start = new Date(Date.now() - 5 * 60_000);
  const live = await maya.request<{ slug: string }>('POST', '/groups/evening-harbour/meetings', {
    ...dailyMeeting(meetingName, start),
    conferenceUrl: `https://meet.${DEMO_DOMAIN}/live-test`,
    types: ['O', 'ONL'],
    notes: 'A test hour.',
  });
  // Another one starting in twenty minutes: a 30-minute reminder for it is due already.
  const soon = await maya.request<{ slug: string }>('POST', '/groups/evening-harbour/meetings', {
    ...dailyMeeting(soonName, new Date(Date.now() + 20 * 60_000)),
    conferenceUrl: `https://meet.${DEMO_DOMAIN}/soon-test`,
  });
  return { slug: live.slug, occurrenceId: start.toISOString().slice(0, 10), soonSlug: soon.slug };
}

function dailyMeeting(name: string, start: Date) {
  return {
    name,
    timezone: 'UTC',
    startTime: start.toISOString().slice(11, 16),
    durationMinutes: 60,
    startsOn: daysAgo(3),
    recurrence: { kind: 'weekly', days: everyDay, interval: 1 },
  };
}

describe.skipIf(Boolean(process.env.DATABASE_URL))('a live meeting room', () => {
  let slug = '';
  let occurrenceId = '';
  let soonSlug = '';
  const suite = browserSuite({
    start: { args: ['--demo'], env: { ICONOCAST_STAFF_2FA: 'optional' } },
    prepare: async (server) => {
      ({ slug, occurrenceId, soonSlug } = await seedMeetingOnNow(server));
    },
  });
  beforeAll(() => {
    mkdirSync('test-results', { recursive: true });
  });

  it('member and facilitator: hand, floor, a hidden message, attendance, the question, a reminder', async () => {
    const member = await newContext(suite.browser, suite.server, { phone: true, dark: true });
    const facilitator = await newContext(suite.browser, suite.server, {});
    const tom = await member.context.newPage();
    const maya = await facilitator.context.newPage();

    // The member joins from "My meetings" on the home page.
    await signInAs(tom, 'tom.b');
    await tom.goto('/home');
    await tom.getByRole('link', { name: `Join now (${meetingName})` }).click();
    await tom.getByRole('heading', { level: 1, name: meetingName }).waitFor();
    await tom.getByText('Open now').waitFor();
    await tom.getByRole('link', { name: 'Get help now' }).waitFor();

    // The facilitator joins from the meeting page.
    await signInAs(maya, 'maya.r');
    await maya.goto(`/meetings/${slug}`);
    await maya
      .getByRole('link', { name: `Join now (${meetingName})` })
      .first()
      .click();
    await maya.getByRole('heading', { level: 1, name: meetingName }).waitFor();
    await maya.getByRole('region', { name: 'Facilitator tools' }).waitFor();
    const mayaPeople = maya.getByRole('region', { name: 'Who is here' });
    await mayaPeople.getByText('Tom B.', { exact: true }).waitFor();

    // Tom raises his hand; Maya sees it and gives him the floor; Tom sees he has it.
    await tom.getByRole('button', { name: 'Raise my hand' }).click();
    await tom.getByText('Your hand is raised.').waitFor();
    await mayaPeople.getByText('Hand raised').waitFor();
    await maya.locator('summary', { hasText: 'Actions for Tom B.' }).click();
    await maya.getByRole('button', { name: 'Give the floor (Tom B.)' }).click();
    await tom.getByText('You have the floor.').waitFor();
    await maya.getByText('Tom B. has the floor').waitFor();

    // Tom writes; Maya sees it and hides it with a reason; Tom reads the reason.
    const text = 'Today was hard, but I am here. My number is 555 0100 if anyone wants to talk.';
    await tom.getByLabel('Your message').fill(text);
    await tom.getByRole('button', { name: 'Send' }).click();
    await maya.getByText(text).waitFor();
    // A supportive reaction: pressed for Maya, counted for Tom.
    await maya.getByRole('button', { name: 'Thank you', exact: true }).click();
    await maya.getByRole('button', { name: 'Thank you 1', pressed: true }).waitFor();
    await tom.getByRole('button', { name: 'Thank you 1', pressed: false }).waitFor();
    await maya.getByRole('button', { name: 'Hide (From Tom B.)' }).click();
    const reason = 'Phone numbers stay out of the chat, for everyone’s safety';
    await maya.getByLabel(/Why is it hidden/).fill(reason);
    await maya.getByRole('button', { name: 'Hide the message' }).click();
    await maya
      .getByText(`Hidden by a facilitator: ${reason}`)
      .waitFor()
      .catch(async (e: unknown) => {
        // What the room said (a refusal is shown there) makes the failure readable.
        console.error('facilitator notices:', await maya.locator('.room-notices').innerText());
        throw e;
      });
    await tom.getByText(`Hidden by a facilitator: ${reason}`).waitFor();
    expect(await tom.getByText(text).count()).toBe(0);

    await axeAndScreenshot(tom, 'member-phone-dark');
    await axeAndScreenshot(maya, 'facilitator-desktop');

    // Tom leaves the room: his attendance is recorded (online), his own list shows it, and
    // Maya's attendance page for this date lists him as present.
    await tom.goto('/settings/attendance');
    await tom.getByRole('heading', { name: 'My attendance' }).waitFor();
    await tom.getByText(meetingName).first().waitFor();
    await maya.goto(`/meetings/${slug}/occurrences/${occurrenceId}/attendance`);
    await maya.getByRole('heading', { name: 'Who came' }).waitFor();
    await maya.getByRole('checkbox', { name: /Tom B\./, checked: true }).waitFor();

    // The question after the meeting, on Tom's home; Maya sees no single answer (under 5).
    await tom.goto('/home');
    await tom.getByText('How helpful was today’s meeting?').first().waitFor();
    await tom
      .getByRole('radio', { name: /^4 – Helpful/ })
      .first()
      .check();
    await tom.getByRole('button', { name: 'Send my answer' }).first().click();
    await tom.getByText('Thank you for answering.').first().waitFor();
    await maya.reload();
    await maya
      .getByText(/Results show once 5 people have answered\. Answers so far: 1\./)
      .waitFor();

    // A reminder: Tom asks to be reminded 30 minutes before the meeting starting in 20; the
    // per-minute sweep sends it and the bell in his header says so, live.
    await tom.goto(`/meetings/${soonSlug}`);
    await tom.getByRole('checkbox', { name: '30 minutes before' }).check();
    await tom.getByRole('button', { name: 'Save reminders' }).click();
    await tom.getByText('Your reminders are saved.').waitFor();
    await tom
      .getByRole('link', { name: /^Notifications, \d+ unread$/ })
      .first()
      .waitFor({ timeout: 150_000 });
    await tom.goto('/inbox');
    await tom
      .getByText(/starts in 30 minutes/)
      .first()
      .waitFor();
    await axeAndScreenshot(tom, 'inbox-phone-dark');
    expect(member.foreignRequests).toEqual([]);
    expect(facilitator.foreignRequests).toEqual([]);
    await member.context.close();
    await facilitator.context.close();
    // The reminder waits for the per-minute sweep (up to two minutes with pg-boss's cron).
  }, 300_000);
});
