import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  daysAgo,
  enableTwoFactorApi,
  signInApi,
  signUpApi,
  totpCode,
  type ApiClient,
} from './api-client.ts';
import { newContext, setupFirstAdmin, submitSignIn, type RunningServer } from './harness.ts';
import { browserSuite } from './suite.ts';

const tags = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
const everyDay = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const facilitator = {
  email: 'fern.f@example.org',
  password: 'meadow-compass-violet-52',
  displayName: 'Fern F.',
};
const member = {
  email: 'river.m@example.org',
  password: 'harbour-pebble-sunrise-17',
  displayName: 'River M.',
};

interface Seeded {
  onlineGroup: string;
  onlineMeeting: string;
  closedGroup: string;
  closedMeeting: string;
}

/** A small directory through the real API: an online newcomers' evening, a morning, a closed group. */
async function seed(
  server: RunningServer,
): Promise<{ seeded: Seeded; fac: ApiClient; admin: ApiClient }> {
  const adminPerson = await setupFirstAdmin(server);
  let admin = await signInApi(server, adminPerson.email, adminPerson.password);
  admin = await enableTwoFactorApi(admin, adminPerson.password);

  const fac0 = await signUpApi(server, facilitator);
  await admin.request('POST', `/admin/users/${fac0.userId}/role`, { role: 'facilitator' });
  const fac = await enableTwoFactorApi(
    await signInApi(server, facilitator.email, facilitator.password),
    facilitator.password,
  );
  await signUpApi(server, member);

  type Group = { slug: string };
  type Meeting = { slug: string };
  const online = await admin.request<Group>('POST', '/groups', {
    name: 'Evening Lantern',
    description: 'An online hour for people **new to recovery** from alcohol.',
    focusAreas: ['alcohol'],
    stage: 'newcomer',
    audience: 'everyone',
    languages: ['en'],
    format: 'online',
    isOpen: true,
    capacity: null,
    agreement: '',
  });
  const onlineMeeting = await admin.request<Meeting>('POST', `/groups/${online.slug}/meetings`, {
    name: 'Evening Lantern — newcomers’ hour',
    timezone: 'Europe/London',
    startTime: '19:00',
    durationMinutes: 60,
    startsOn: daysAgo(14),
    recurrence: { kind: 'weekly', days: everyDay, interval: 1 },
    conferenceUrl: 'https://meet.example.invalid/evening-lantern',
    types: ['O', 'BE'],
    notes: 'Cameras optional. You are welcome to just listen.',
  });
  const morning = await admin.request<Group>('POST', '/groups', {
    name: 'Morning Pages',
    description: 'Ongoing recovery, in person, with coffee.',
    focusAreas: ['alcohol'],
    stage: 'ongoing',
    audience: 'everyone',
    languages: ['en'],
    format: 'in_person',
    isOpen: true,
    capacity: null,
    agreement: '',
  });
  await admin.request('POST', `/groups/${morning.slug}/meetings`, {
    name: 'Morning Pages — weekday coffee',
    timezone: 'Europe/London',
    startTime: '08:00',
    durationMinutes: 60,
    startsOn: daysAgo(14),
    recurrence: { kind: 'weekly', days: ['MO', 'WE', 'FR'], interval: 1 },
    locationName: 'Library Room 2',
    address: '1 Example Road, Bristol',
    types: ['O'],
  });
  const closed = await admin.request<Group>('POST', '/groups', {
    name: 'Quiet Harbour',
    description: 'A closed, trauma-informed group.',
    focusAreas: ['trauma'],
    stage: 'ongoing',
    audience: 'women',
    languages: ['en'],
    format: 'in_person',
    isOpen: false,
    capacity: 10,
    agreement: 'What is shared here stays here.\nWe speak from our own experience.',
  });
  await admin.request('POST', `/groups/${closed.slug}/facilitators`, { userId: fac.userId });
  const closedMeeting = await admin.request<Meeting>('POST', `/groups/${closed.slug}/meetings`, {
    name: 'Quiet Harbour — Thursday',
    timezone: 'Europe/London',
    startTime: '18:30',
    durationMinutes: 90,
    startsOn: daysAgo(14),
    recurrence: { kind: 'weekly', days: ['TH'], interval: 1 },
    locationName: 'Elm House',
    address: '9 Example Street, Bristol',
    types: ['C', 'W'],
  });
  return {
    seeded: {
      onlineGroup: online.slug,
      onlineMeeting: onlineMeeting.slug,
      closedGroup: closed.slug,
      closedMeeting: closedMeeting.slug,
    },
    fac,
    admin,
  };
}

async function signInUi(
  page: Page,
  person: { email: string; password: string; displayName: string },
  totpSecret?: string,
) {
  await submitSignIn(page, person.email, person.password);
  if (totpSecret) {
    await page.getByRole('heading', { level: 1, name: 'One more step' }).waitFor();
    await page.getByLabel('Six-digit code').fill(totpCode(totpSecret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page
    .getByRole('button', { name: new RegExp(person.displayName.replace('.', '\\.')) })
    .waitFor();
}

describe('the finder, group and meeting pages', () => {
  let seeded: Seeded;
  let fac: ApiClient;
  let admin: ApiClient;
  const suite = browserSuite({
    prepare: async (server) => {
      ({ seeded, fac, admin } = await seed(server));
    },
  });

  it('a visitor filters to an online evening meeting for newcomers, opens it and downloads the .ics', async () => {
    const { context, foreignRequests } = await newContext(suite.browser, suite.server, {
      phone: true,
    });
    const page = await context.newPage();
    await page.goto('/groups');
    await page.getByRole('heading', { level: 1, name: 'Find a group' }).waitFor();
    await page.getByText('3 meetings found').waitFor();

    // On a phone the filters are folded away.
    await page.getByText('Filters', { exact: true }).click();
    await page
      .getByRole('group', { name: 'How to attend' })
      .getByRole('checkbox', { name: /^Online/ })
      .check();
    await page.getByText('1 meeting found').waitFor();
    await page
      .getByRole('group', { name: 'Time of day' })
      .getByRole('checkbox', { name: /^Evening/ })
      .check();
    await page.getByText(/More filters/).click();
    await page
      .getByRole('group', { name: 'Where you are in recovery' })
      .getByRole('checkbox', { name: 'New to recovery' })
      .check();
    await expect.poll(() => new URL(page.url()).searchParams.get('stage')).toBe('newcomer');
    const url = new URL(page.url());
    expect(url.searchParams.get('attendance')).toBe('online');
    expect(url.searchParams.get('time')).toBe('evening');
    await page.getByText('1 meeting found').waitFor();
    await page.screenshot({ path: 'test-results/finder-filtered-phone.png', fullPage: true });

    // The filters are in the link: opening it fresh gives the same results.
    const fresh = await context.newPage();
    await fresh.goto(url.pathname + url.search);
    await fresh.getByText('1 meeting found').waitFor();
    await fresh.close();

    await page.getByRole('link', { name: 'Evening Lantern — newcomers’ hour' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Evening Lantern — newcomers’ hour' })
      .waitFor();
    await page.getByRole('link', { name: 'Join online' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download calendar file (.ics)' }).click(),
    ]);
    const ics = readFileSync((await download.path())!, 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toMatch(/RRULE:FREQ=WEEKLY/);
    expect(ics).toMatch(/TZID[=:]Europe\/London/);
    await page.screenshot({ path: 'test-results/meeting-phone.png', fullPage: true });

    // Back returns to the same filtered list.
    await page.goBack();
    await page.getByText('1 meeting found').waitFor();
    expect(new URL(page.url()).searchParams.get('attendance')).toBe('online');
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('a member asks to join a closed group and the facilitator approves', async () => {
    const m = await newContext(suite.browser, suite.server, {});
    const memberPage = await m.context.newPage();
    await signInUi(memberPage, member);

    // Before joining, the closed group's meeting keeps its address to members.
    await memberPage.goto(`/meetings/${seeded.closedMeeting}`);
    await memberPage
      .getByText('the address and the way to join are shared with members only')
      .waitFor();
    expect(await memberPage.getByText('9 Example Street').count()).toBe(0);

    await memberPage.getByRole('link', { name: 'Ask to join Quiet Harbour' }).click();
    await memberPage.getByRole('heading', { level: 1, name: 'Quiet Harbour' }).waitFor();
    await memberPage.getByRole('button', { name: 'Ask to join' }).click();
    await memberPage.getByText('tick the box to accept it first').waitFor();
    await memberPage.getByLabel('I have read the group agreement and I accept it').check();
    await memberPage.getByRole('button', { name: 'Ask to join' }).click();
    await memberPage.getByText('Your request has been sent.').waitFor();
    await memberPage.getByText('Your request is waiting for a facilitator.').waitFor();
    await memberPage.screenshot({ path: 'test-results/group-requested.png', fullPage: true });

    const f = await newContext(suite.browser, suite.server, { dark: true });
    const facPage = await f.context.newPage();
    await signInUi(facPage, facilitator, fac.totpSecret!);
    await facPage.goto(`/groups/${seeded.closedGroup}`);
    await facPage.getByRole('heading', { name: 'Requests to join' }).waitFor();
    await facPage.getByRole('button', { name: 'Approve River M.' }).click();
    await facPage.getByText('River M. is now a member.').waitFor();
    await facPage.getByRole('heading', { name: 'Members' }).waitFor();
    await facPage.getByText('No requests waiting.').waitFor();
    await facPage.screenshot({ path: 'test-results/group-facilitator-dark.png', fullPage: true });

    await memberPage.reload();
    await memberPage.getByRole('heading', { name: 'You are a member' }).waitFor();
    await memberPage.goto(`/meetings/${seeded.closedMeeting}`);
    await memberPage.getByText('9 Example Street, Bristol').waitFor();
    expect(m.foreignRequests).toEqual([]);
    expect(f.foreignRequests).toEqual([]);
    await m.context.close();
    await f.context.close();
  });

  for (const variant of [
    { phone: false, dark: false },
    { phone: true, dark: true },
  ]) {
    it(`has no axe violations and no foreign requests (${variant.phone ? 'phone' : 'desktop'}, ${variant.dark ? 'dark' : 'light'})`, async () => {
      const { context, foreignRequests } = await newContext(suite.browser, suite.server, variant);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const pages = [
        { path: '/groups', ready: '3 meetings found' },
        { path: '/groups?attendance=online&time=evening', ready: '1 meeting found' },
        { path: `/groups/${seeded.onlineGroup}`, ready: 'About this group' },
        { path: `/groups/${seeded.closedGroup}`, ready: 'About this group' },
        { path: `/meetings/${seeded.onlineMeeting}`, ready: 'How to attend' },
        { path: `/meetings/${seeded.closedMeeting}`, ready: 'How to attend' },
        { path: '/groups/match', ready: 'Find my group' },
      ];
      for (const p of pages) {
        await page.goto(p.path);
        await page.getByText(p.ready).first().waitFor();
        const name = p.path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
        await page.screenshot({
          path: `test-results/${name}-${variant.phone ? 'phone' : 'desktop'}-${variant.dark ? 'dark' : 'light'}.png`,
          fullPage: true,
        });
        const results = await new AxeBuilder({ page }).withTags(tags).analyze();
        expect(
          results.violations.map(
            (v) => `${p.path} ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`,
          ),
        ).toEqual([]);
      }
      expect(errors).toEqual([]);
      expect(foreignRequests).toEqual([]);
      await context.close();
    });
  }

  // Last: it changes the directory the pages above were checked against.
  it('staff review a suggested change side by side, cancel a date, edit the recurrence, import a feed; a member gets a calendar address', async () => {
    const m = await newContext(suite.browser, suite.server, {});
    const memberPage = await m.context.newPage();
    await signInUi(memberPage, member);
    await memberPage.goto(`/meetings/${seeded.onlineMeeting}`);
    await memberPage.getByText('Suggest a correction').click();
    await memberPage.getByLabel('Start time').fill('19:30');
    await memberPage
      .getByLabel('Anything the facilitators should know')
      .fill('It moved last month.');
    await memberPage.getByRole('button', { name: 'Send suggestion' }).click();
    await memberPage
      .getByText('Thank you. The facilitators will look at your suggestion.')
      .waitFor();

    // The private calendar address.
    await memberPage.goto('/settings/calendar');
    await memberPage.getByRole('button', { name: 'Create my calendar address' }).click();
    const feedUrl = await memberPage.getByLabel('Your private calendar address').inputValue();
    const feed = await (await fetch(feedUrl)).text();
    expect(feed).toContain('BEGIN:VCALENDAR');
    await memberPage.screenshot({ path: 'test-results/settings-calendar.png', fullPage: true });

    const a = await newContext(suite.browser, suite.server, {});
    const page = await a.context.newPage();
    await signInUi(
      page,
      { email: 'admin@example.org', password: 'steady-harbour-lantern-81', displayName: 'Alex A.' },
      admin.totpSecret!,
    );
    await page.goto(`/meetings/${seeded.onlineMeeting}`);
    const diff = page.getByRole('table', { name: 'Changes suggested by River M.' });
    await diff.getByRole('row', { name: /Start time 19:00 19:30/ }).waitFor();
    await page.screenshot({ path: 'test-results/meeting-change-request.png', fullPage: true });
    await page.getByRole('button', { name: 'Accept and update the meeting' }).click();
    await page.getByText('Accepted: the meeting is updated.').waitFor();
    await page.getByText('Every day, at 19:30 London time, for 1 hour').waitFor();

    await page.getByText('Change this date').first().click();
    await page.getByRole('button', { name: 'Cancel this date' }).click();
    await page.getByText('This date is cancelled.').waitFor();
    await page.locator('.occurrence.is-cancelled').first().waitFor();

    await page.getByRole('link', { name: 'Edit meeting' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit meeting' }).waitFor();
    await page.getByLabel('Repeats').selectOption('monthly');
    await page.getByLabel('Which one').selectOption('last');
    await page.getByLabel('Weekday').selectOption('FR');
    await page.getByText('The last Friday of every month').waitFor();
    await page.screenshot({ path: 'test-results/meeting-editor.png', fullPage: true });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('The last Friday of every month, at 19:30 London time').waitFor();

    // Import: one good row, one impossible time.
    await page.goto('/admin/import');
    const rows = [
      {
        name: 'Harbour Lights',
        slug: 'harbour-lights',
        day: 2,
        time: '19:00',
        address: '5 Example Way, Leeds',
        types: ['O'],
      },
      {
        name: 'Broken Clock',
        slug: 'broken-clock',
        day: 3,
        time: '25:00',
        address: '6 Example Way, Leeds',
        types: ['O'],
      },
    ];
    await page.getByLabel('Feed', { exact: true }).fill(JSON.stringify(rows));
    await page.getByLabel('Source').fill('e2e-feed.json');
    await page.getByLabel('Time zone').selectOption('Europe/London');
    await page.getByLabel('Check only (save nothing)').uncheck();
    await page.getByRole('button', { name: 'Import meetings' }).click();
    await page.getByText('Import finished.').waitFor();
    await page.getByRole('row', { name: 'Imported (new) 1' }).waitFor();
    await page.getByRole('row', { name: 'Skipped 1' }).waitFor();
    await page.getByRole('cell', { name: 'broken-clock', exact: true }).waitFor();
    await page.screenshot({ path: 'test-results/admin-import.png', fullPage: true });
    expect(m.foreignRequests).toEqual([]);
    expect(a.foreignRequests).toEqual([]);
    await m.context.close();
    await a.context.close();
  });
});
