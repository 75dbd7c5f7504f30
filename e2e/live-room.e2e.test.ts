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
async function seedMeetingOnNow(server: RunningServer): Promise<{ slug: string }> {
  const maya = await signInApi(server, `maya.r@${DEMO_DOMAIN}`, DEMO_PASSWORD);
  // Started five minutes ago (UTC, to the minute), for an hour: the room is open.
  const start = new Date(Date.now() - 5 * 60_000);
  const hhmm = start.toISOString().slice(11, 16);
  return maya.request<{ slug: string }>('POST', '/groups/evening-harbour/meetings', {
    name: meetingName,
    timezone: 'UTC',
    startTime: hhmm,
    durationMinutes: 60,
    startsOn: daysAgo(3),
    recurrence: { kind: 'weekly', days: everyDay, interval: 1 },
    conferenceUrl: `https://meet.${DEMO_DOMAIN}/live-test`,
    types: ['O', 'ONL'],
    notes: 'A test hour.',
  });
}

describe.skipIf(Boolean(process.env.DATABASE_URL))('a live meeting room', () => {
  let slug = '';
  const suite = browserSuite({
    start: { args: ['--demo'], env: { ICONOCAST_STAFF_2FA: 'optional' } },
    prepare: async (server) => {
      slug = (await seedMeetingOnNow(server)).slug;
    },
  });
  beforeAll(() => {
    mkdirSync('test-results', { recursive: true });
  });

  it('member and facilitator: hand, floor, a message hidden with a reason', async () => {
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

    // TODO(attendance, lead at merge): Tom's attendance for this occurrence is recorded
    //   (his attendance history lists it after he leaves the room).
    // TODO(survey, lead at merge): after Maya ends the meeting, Tom answers "How helpful was
    //   today's meeting?" and Maya sees no individual answer.
    // TODO(notify, lead at merge): a reminder for the next occurrence appears in Tom's inbox
    //   with the unread count in the header.

    await axeAndScreenshot(tom, 'member-phone-dark');
    await axeAndScreenshot(maya, 'facilitator-desktop');
    expect(member.foreignRequests).toEqual([]);
    expect(facilitator.foreignRequests).toEqual([]);
    await member.context.close();
    await facilitator.context.close();
  });
});
