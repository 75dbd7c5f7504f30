import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  NotificationList,
  NotificationPreferences,
} from '../../../contracts/notifications.ts';
import { TAXONOMY_EN, TAXONOMY_ES } from '../../../contracts/taxonomy-labels.ts';
import { groupMemberships, meetingReminders, notifications } from '../../db/schema/index.ts';
import type { MemoryJobs } from '../../lib/jobs.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, signInAs, TEST_PASSWORD, type SignedIn } from '../../test/users.ts';
import { HEALTH_WORDS } from '../account/account.test-helpers.ts';
import {
  addMembership,
  createFacilitator,
  createGroup,
  meetingBody,
  type TestGroup,
} from '../meetings/meetings.test-helpers.ts';
import { sweepReminders } from './notifications.reminders.service.ts';
import { EMAIL_JOB, notify } from './notifications.service.ts';

let t: TestContext;
let jobs: MemoryJobs;
let closed: TestGroup;
let open: TestGroup;
let facilitator: SignedIn;
let member: SignedIn;
let outsider: SignedIn;
let meetingSlug: string;
let openMeetingSlug: string;

const deps = () => ({ db: t.database.db, clock: t.clock, jobs: t.app.jobs });
const sweep = () => sweepReminders(deps());
/** A request with a fresh session (the tests move the clock by days; sessions expire). */
const req = async (who: SignedIn, opts: Parameters<SignedIn['request']>[0]) =>
  (await signInAs(t, who.user)).request(opts);
const inbox = async (who: SignedIn) => {
  const res = await req(who, { method: 'GET', url: '/api/me/notifications' });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json() as NotificationList;
};
const setReminders = (who: SignedIn, slug: string, minutesBefore: unknown) =>
  req(who, {
    method: 'PUT',
    url: `/api/me/reminders/${slug}`,
    payload: { minutesBefore },
  });
const setPrefs = (who: SignedIn, payload: object) =>
  req(who, { method: 'PUT', url: '/api/me/notifications/preferences', payload });
const clearInbox = () => t.database.db.delete(notifications);

/** Every word a closed group's notification must not carry: names and focus labels. */
const forbidden = () => [
  'Lantern',
  'Tuesday Lantern',
  ...Object.values(TAXONOMY_EN.focus),
  ...Object.values(TAXONOMY_ES.focus),
];

beforeAll(async () => {
  t = await createTestApp();
  jobs = t.app.jobs as MemoryJobs;
  // Monday 2 March 2026, 12:00 UTC: before the US switch to summer time (8 March).
  t.clock.set('2026-03-02T12:00:00Z');
  closed = await createGroup(t, { isOpen: false, name: 'Lantern Circle' });
  open = await createGroup(t, { isOpen: true, name: 'Open Door' });
  facilitator = await createFacilitator(t, closed);
  member = await createSignedIn(t, { timezone: 'America/New_York' });
  await addMembership(t, closed, member.user.id);
  outsider = await createSignedIn(t, { timezone: 'America/New_York' });
  const res = await req(facilitator, {
    method: 'POST',
    url: `/api/groups/${closed.slug}/meetings`,
    payload: meetingBody({ name: 'Tuesday Lantern', startTime: '19:00' }),
  });
  expect(res.statusCode, res.body).toBe(201);
  meetingSlug = (res.json() as { slug: string }).slug;
  const openFacilitator = await createFacilitator(t, open);
  const openRes = await openFacilitator.request({
    method: 'POST',
    url: `/api/groups/${open.slug}/meetings`,
    payload: meetingBody({ name: 'Open Monday', recurrence: { kind: 'weekly', days: ['MO'] } }),
  });
  expect(openRes.statusCode, openRes.body).toBe(201);
  openMeetingSlug = (openRes.json() as { slug: string }).slug;
});
afterAll(() => t.close());

describe('choosing reminders', () => {
  it('lets a closed group’s member choose reminders, and reads them back', async () => {
    const res = await setReminders(member, meetingSlug, [30, 15]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ meetingSlug, minutesBefore: [15, 30] });
    const read = await req(member, { method: 'GET', url: `/api/me/reminders/${meetingSlug}` });
    expect(read.json()).toEqual({ meetingSlug, minutesBefore: [15, 30] });
    expect(read.headers['cache-control']).toBe('no-store');
  });

  it('answers 404 to someone outside a closed group, 401 to nobody', async () => {
    expect((await setReminders(outsider, meetingSlug, [30])).statusCode).toBe(404);
    const get = await req(outsider, { method: 'GET', url: `/api/me/reminders/${meetingSlug}` });
    expect(get.statusCode).toBe(404);
    const anon = await t.app.inject({ method: 'GET', url: `/api/me/reminders/${meetingSlug}` });
    expect(anon.statusCode).toBe(401);
  });

  it('lets anyone signed in be reminded of an open group’s meeting', async () => {
    const res = await setReminders(outsider, openMeetingSlug, [60]);
    expect(res.statusCode, res.body).toBe(200);
    expect((await setReminders(outsider, openMeetingSlug, [])).json()).toEqual({
      meetingSlug: openMeetingSlug,
      minutesBefore: [],
    });
  });

  it('refuses a time that is not offered, naming the field', async () => {
    const res = await setReminders(member, meetingSlug, [45]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('minutesBefore');
  });
});

describe('reminders across a change of clocks (19:00 in New York, 30 minutes before)', () => {
  beforeAll(async () => {
    await setReminders(member, meetingSlug, [30]);
    await clearInbox();
  });

  const at = async (iso: string) => {
    t.clock.set(iso);
    return sweep();
  };

  it('reminds at 18:30 local before the March switch (23:30 UTC), once', async () => {
    expect(await at('2026-03-03T23:29:00Z')).toBe(0);
    expect(await at('2026-03-03T23:30:00Z')).toBe(1);
    expect(await at('2026-03-03T23:31:00Z')).toBe(0);
    const { items } = await inbox(member);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'meeting_reminder',
      title: 'Your meeting starts in 30 minutes',
      link: `/meetings/${meetingSlug}`,
    });
    expect(items[0]!.body).toContain('7:00');
  });

  it('reminds at 18:30 local after the March switch (22:30 UTC)', async () => {
    expect(await at('2026-03-10T22:29:00Z')).toBe(0);
    expect(await at('2026-03-10T22:30:00Z')).toBe(1);
    // The old UTC time would be an hour late: nothing left to send then.
    expect(await at('2026-03-10T23:30:00Z')).toBe(0);
  });

  it('reminds at 18:30 local on both sides of the November switch', async () => {
    expect(await at('2026-10-27T22:30:00Z')).toBe(1);
    expect(await at('2026-11-03T22:30:00Z')).toBe(0);
    expect(await at('2026-11-03T23:30:00Z')).toBe(1);
  });

  it('never names the group, the meeting or a health topic', async () => {
    const { items } = await inbox(member);
    expect(items.length).toBeGreaterThanOrEqual(4);
    for (const item of items) {
      const text = `${item.title} ${item.body}`;
      expect(text).not.toMatch(HEALTH_WORDS);
      for (const word of forbidden()) expect(text).not.toContain(word);
    }
  });

  it('stops reminding a member who left the closed group', async () => {
    const leaver = await createSignedIn(t, { timezone: 'America/New_York' });
    await addMembership(t, closed, leaver.user.id);
    t.clock.set('2026-03-12T12:00:00Z');
    expect((await setReminders(leaver, meetingSlug, [30])).statusCode).toBe(200);
    await t.database.db
      .update(groupMemberships)
      .set({ status: 'left' })
      .where(eq(groupMemberships.userId, leaver.user.id));
    await clearInbox();
    expect(await at('2026-03-17T22:30:00Z')).toBe(1); // the member only
    expect((await inbox(leaver)).items).toHaveLength(0);
  });

  it('sends word of a cancelled occurrence instead of a reminder', async () => {
    t.clock.set('2026-03-18T12:00:00Z');
    const res = await req(facilitator, {
      method: 'PUT',
      url: `/api/meetings/${meetingSlug}/occurrences/2026-03-24`,
      payload: { cancelled: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    await clearInbox();
    expect(await at('2026-03-24T22:30:00Z')).toBe(1);
    const { items } = await inbox(member);
    expect(items.map((i) => i.kind)).toEqual(['meeting_cancelled']);
  });
});

describe('email, preferences and quiet hours', () => {
  const reminder = (start: string) => ({
    meetingSlug,
    occurrenceId: start.slice(0, 10),
    start,
    minutesBefore: 1440,
  });

  it('emails a reminder by default, in neutral words, once', async () => {
    t.clock.set('2026-04-06T16:00:00Z'); // 12:00 in New York
    jobs.queued.length = 0;
    const sent = t.mailer.sent.length;
    const start = '2026-04-07T23:00:00Z';
    expect(
      await notify(deps(), member.user.id, 'meeting_reminder', reminder(start), { dedupeKey: 'a' }),
    ).not.toBeNull();
    expect(
      await notify(deps(), member.user.id, 'meeting_reminder', reminder(start), { dedupeKey: 'a' }),
    ).toBeNull();
    expect(jobs.queued.filter((j) => j.name === EMAIL_JOB)).toHaveLength(1);
    await jobs.runDue(t.clock.now());
    expect(t.mailer.sent.length).toBe(sent + 1);
    const mail = t.mailer.lastTo(member.user.email!)!;
    expect(mail.subject).toBe('You have a new notification');
    expect(mail.text).toContain('Your meeting starts in 1 day');
    expect(mail.text).toContain('/inbox');
    expect(mail.text).not.toContain(meetingSlug);
    for (const word of forbidden()) expect(mail.text).not.toContain(word);
    expect(`${mail.subject} ${mail.text}`).not.toMatch(HEALTH_WORDS);
  });

  it('holds the email until quiet hours end (22:00–07:00 in the person’s zone)', async () => {
    const res = await setPrefs(member, {
      quietHours: { enabled: true, start: '22:00', end: '07:00' },
    });
    expect(res.statusCode, res.body).toBe(200);
    t.clock.set('2026-04-07T03:00:00Z'); // 23:00 in New York
    jobs.queued.length = 0;
    const sent = t.mailer.sent.length;
    await notify(deps(), member.user.id, 'meeting_reminder', reminder('2026-04-08T23:00:00Z'));
    const job = jobs.queued.find((j) => j.name === EMAIL_JOB)!;
    // 07:00 in New York (summer time) is 11:00 UTC.
    expect(job.runAt.toISOString()).toBe('2026-04-07T11:00:00.000Z');
    expect(await jobs.runDue(t.clock.now())).toBe(0);
    expect(t.mailer.sent.length).toBe(sent);
    t.clock.set('2026-04-07T11:00:00Z');
    expect(await jobs.runDue(t.clock.now())).toBe(1);
    expect(t.mailer.sent.length).toBe(sent + 1);
  });

  it('keeps the inbox entry but sends no email once email is switched off for the kind', async () => {
    const res = await setPrefs(member, {
      kinds: [{ kind: 'meeting_reminder', email: false }],
      quietHours: { enabled: false, start: '22:00', end: '07:00' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const prefs = res.json() as NotificationPreferences;
    expect(prefs.kinds.find((k) => k.kind === 'meeting_reminder')).toEqual({
      kind: 'meeting_reminder',
      inbox: true,
      email: false,
    });
    expect(prefs.timezone).toBe('America/New_York');
    t.clock.set('2026-04-08T16:00:00Z');
    jobs.queued.length = 0;
    await notify(deps(), member.user.id, 'meeting_reminder', reminder('2026-04-09T23:00:00Z'));
    expect(jobs.queued).toHaveLength(0);
    expect((await inbox(member)).items[0]!.title).toBe('Your meeting starts in 1 day');
  });

  it('drops a held email that switched off while it waited', async () => {
    await setPrefs(member, {
      kinds: [{ kind: 'meeting_reminder', email: true }],
      quietHours: { enabled: true, start: '22:00', end: '07:00' },
    });
    t.clock.set('2026-04-10T03:00:00Z');
    jobs.queued.length = 0;
    const sent = t.mailer.sent.length;
    await notify(deps(), member.user.id, 'meeting_reminder', reminder('2026-04-11T23:00:00Z'));
    await setPrefs(member, { kinds: [{ kind: 'meeting_reminder', email: false }] });
    t.clock.set('2026-04-10T11:00:00Z');
    await jobs.runDue(t.clock.now());
    expect(t.mailer.sent.length).toBe(sent);
  });

  it('refuses quiet hours that are not times, naming the field', async () => {
    const res = await setPrefs(member, {
      quietHours: { enabled: true, start: '25:00', end: '07:00' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('quietHours.start');
  });

  it('writes in Spanish to a Spanish-speaking member', async () => {
    const es = await createSignedIn(t, { locale: 'es', timezone: 'Europe/Madrid' });
    await addMembership(t, closed, es.user.id);
    t.clock.set('2026-04-06T10:00:00Z');
    jobs.queued.length = 0;
    await notify(deps(), es.user.id, 'meeting_reminder', {
      ...reminder('2026-04-06T10:30:00Z'),
      minutesBefore: 30,
    });
    await jobs.runDue(t.clock.now());
    const mail = t.mailer.lastTo(es.user.email!)!;
    expect(mail).toMatchObject({ subject: 'Tienes una notificación nueva', language: 'es' });
    expect(mail.text).toContain('Tu reunión empieza en 30 minutos');
  });
});

describe('the inbox', () => {
  let firstId: string;
  beforeAll(async () => {
    await clearInbox();
    t.clock.set('2026-05-01T12:00:00Z');
    for (let i = 0; i < 3; i++) {
      t.clock.advance(60_000);
      await notify(deps(), member.user.id, 'meeting_cancelled', {
        meetingSlug,
        occurrenceId: '2026-05-05',
        start: '2026-05-05T23:00:00Z',
      });
    }
    firstId = (await inbox(member)).items[0]!.id;
  });

  it('lists newest first, in pages, with the unread count', async () => {
    const res = await req(member, { method: 'GET', url: '/api/me/notifications?limit=2' });
    const page = res.json() as NotificationList;
    expect(page.items).toHaveLength(2);
    expect(page.unread).toBe(3);
    expect(page.items[0]!.id).toBe(firstId);
    const next = await req(member, {
      method: 'GET',
      url: `/api/me/notifications?limit=2&before=${page.nextBefore}`,
    });
    expect((next.json() as NotificationList).items).toHaveLength(1);
    expect((next.json() as NotificationList).nextBefore).toBeNull();
  });

  it('marks one read for its owner; another person gets 404, nobody 401', async () => {
    const other = await req(outsider, {
      method: 'POST',
      url: `/api/me/notifications/${firstId}/read`,
    });
    expect(other.statusCode).toBe(404);
    for (const url of [
      '/api/me/notifications',
      '/api/me/notifications/unread-count',
      '/api/me/notifications/preferences',
    ]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    const anonPut = await t.app.inject({
      method: 'PUT',
      url: '/api/me/notifications/preferences',
      payload: { quietHours: { enabled: false, start: '22:00', end: '07:00' } },
    });
    expect([401, 403]).toContain(anonPut.statusCode);
    const mine = await req(member, {
      method: 'POST',
      url: `/api/me/notifications/${firstId}/read`,
    });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toEqual({ unread: 2 });
    const count = await req(member, {
      method: 'GET',
      url: '/api/me/notifications/unread-count',
    });
    expect(count.json()).toEqual({ unread: 2 });
    expect((await inbox(outsider)).items).toHaveLength(0);
  });

  it('marks all read', async () => {
    const res = await req(member, { method: 'POST', url: '/api/me/notifications/read-all' });
    expect(res.json()).toEqual({ unread: 0 });
    expect((await inbox(member)).items.every((i) => i.readAt !== null)).toBe(true);
  });

  it('answers 400 naming the id when it is not one', async () => {
    const res = await req(member, { method: 'POST', url: '/api/me/notifications/nope/read' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id');
  });
});

describe('an answer to a request to join', () => {
  it('lands in the inbox without naming the group', async () => {
    t.clock.set('2026-06-01T12:00:00Z');
    const asker = await createSignedIn(t, { timezone: 'America/New_York' });
    const join = await req(asker, { method: 'POST', url: `/api/groups/${closed.slug}/join` });
    expect(join.statusCode, join.body).toBeLessThan(300);
    const approve = await req(facilitator, {
      method: 'POST',
      url: `/api/groups/${closed.slug}/members/${asker.user.id}/approve`,
    });
    expect(approve.statusCode, approve.body).toBeLessThan(300);
    const { items } = await inbox(asker);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'join_request_answered',
      title: 'Your request to join was approved',
      link: `/groups/${closed.slug}`,
    });
    for (const word of forbidden()) expect(items[0]!.title + items[0]!.body).not.toContain(word);
  });
});

describe('personal data', () => {
  it('exports the inbox, preferences and reminders, and deletes them with the account', async () => {
    const me = await createSignedIn(t, { timezone: 'America/New_York' });
    await addMembership(t, closed, me.user.id);
    await setReminders(me, meetingSlug, [60]);
    await setPrefs(me, { quietHours: { enabled: true, start: '21:00', end: '08:00' } });
    await notify(deps(), me.user.id, 'meeting_cancelled', {
      meetingSlug,
      occurrenceId: '2026-05-05',
      start: '2026-05-05T23:00:00Z',
    });
    const doc = (await req(me, { method: 'GET', url: '/api/account/export' })).json();
    expect(doc.notifications).toHaveLength(1);
    expect(doc.notifications[0]).toMatchObject({ kind: 'meeting_cancelled' });
    expect(doc.notificationPreferences).toMatchObject({
      quietHoursEnabled: true,
      quietStart: '21:00',
    });
    expect(doc.meetingReminders).toEqual([expect.objectContaining({ minutesBefore: [60] })]);
    const res = await req(me, {
      method: 'DELETE',
      url: '/api/account',
      payload: { password: TEST_PASSWORD, confirm: 'DELETE' },
    });
    expect(res.statusCode, res.body).toBe(204);
    const left = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, me.user.id));
    expect(left).toHaveLength(0);
    const reminders = await t.database.db
      .select()
      .from(meetingReminders)
      .where(eq(meetingReminders.userId, me.user.id));
    expect(reminders).toHaveLength(0);
  });
});
