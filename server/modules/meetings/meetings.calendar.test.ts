import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, calendarFeeds } from '../../db/schema/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';
import {
  addMembership,
  createFacilitator,
  createGroup,
  createCircles,
  meetingBody,
  type TestGroup,
} from './meetings.test-helpers.ts';
import { MeetingSeries, occurrencesBetween } from './recurrence.ts';

let t: TestContext;
let open: TestGroup;
let closed: TestGroup;
let facilitator: SignedIn;
let closedFacilitator: SignedIn;
let member: SignedIn;
let outsider: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  ({ open, closed, facilitator, closedFacilitator, member } = await createCircles(t));
  outsider = await createSignedIn(t);
});
afterAll(() => t.close());
beforeEach(() => ICAL.TimezoneService.reset());

async function create(who: SignedIn, group: TestGroup, overrides: Record<string, unknown> = {}) {
  const res = await who.request({
    method: 'POST',
    url: `/api/groups/${group.slug}/meetings`,
    payload: meetingBody(overrides),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; slug: string };
}

function parse(text: string): ICAL.Component {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  return calendar;
}

/** Occurrence starts (UTC ISO) ical.js expands for one UID in [from, to). */
function expand(calendar: ICAL.Component, uid: string, from: Date, to: Date): string[] {
  const events = calendar
    .getAllSubcomponents('vevent')
    .map((v) => new ICAL.Event(v))
    .filter((e) => e.uid === uid);
  const master = events.find((e) => !e.isRecurrenceException())!;
  for (const e of events) if (e.isRecurrenceException()) master.relateException(e);
  const found: string[] = [];
  const iterator = master.iterator();
  for (let next = iterator.next(); next && next.toJSDate() < to; next = iterator.next()) {
    const details = master.getOccurrenceDetails(next);
    const start = details.startDate.toJSDate();
    if (start >= from && start < to) found.push(start.toISOString());
  }
  return found.sort();
}

describe('a meeting’s calendar', () => {
  it('expands in a real parser across the DST change exactly like our occurrences, cancellations as EXDATE', async () => {
    const m = await create(facilitator, open, { name: 'Calendar DST', startsOn: '2026-02-03' });
    await facilitator.request({
      method: 'PUT',
      url: `/api/meetings/${m.slug}/occurrences/2026-03-10`,
      payload: { cancelled: true },
    });
    await facilitator.request({
      method: 'PUT',
      url: `/api/meetings/${m.slug}/occurrences/2026-03-17`,
      payload: { moved: { date: '2026-03-18', startTime: '18:00' } },
    });

    const res = await t.app.inject({ url: `/api/meetings/${m.slug}/calendar.ics` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${m.slug}.ics"`);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.body).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU');
    expect(res.body).toContain('DTSTART;TZID=America/New_York:20260203T190000');
    expect(res.body).toContain('EXDATE;TZID=America/New_York:20260310T190000');
    expect(res.body).toContain('LOCATION:Hope Hall\\, 1 Main St');

    const from = new Date('2026-02-25T00:00Z');
    const to = new Date('2026-03-26T00:00Z');
    const calendar = parse(res.body);
    const theirs = expand(calendar, `${m.id}@localhost`, from, to);
    const series = MeetingSeries.parse({
      timezone: 'America/New_York',
      startTime: '19:00',
      durationMinutes: 60,
      startsOn: '2026-02-03',
      recurrence: { kind: 'weekly', days: ['TU'] },
    });
    const ours = occurrencesBetween(series, from, to, [
      { kind: 'cancelled', occurrenceId: '2026-03-10' },
      { kind: 'moved', occurrenceId: '2026-03-17', date: '2026-03-18', startTime: '18:00' },
    ])
      .filter((o) => !o.cancelled)
      .map((o) => o.start.toISOString());
    expect(theirs).toEqual(ours);
    expect(theirs).toEqual([
      '2026-02-25T00:00:00.000Z', // Tue 24 Feb 19:00 EST
      '2026-03-04T00:00:00.000Z', // Tue 3 Mar 19:00 EST; Tue 10 Mar is cancelled
      '2026-03-18T22:00:00.000Z', // moved to Wed 18 Mar 18:00 EDT
      '2026-03-24T23:00:00.000Z', // Tue 24 Mar 19:00 EDT
    ]);
  });

  it('answers 304 to a matching If-None-Match and changes the ETag when the meeting changes', async () => {
    const m = await create(facilitator, open, { name: 'Etag' });
    const first = await t.app.inject({ url: `/api/meetings/${m.slug}/calendar.ics` });
    const again = await t.app.inject({ url: `/api/meetings/${m.slug}/calendar.ics` });
    expect(again.body).toBe(first.body);
    const cached = await t.app.inject({
      url: `/api/meetings/${m.slug}/calendar.ics`,
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
    t.clock.advance(60_000);
    await facilitator.request({
      method: 'PUT',
      url: `/api/meetings/${m.slug}/occurrences/2026-03-03`,
      payload: { cancelled: true },
    });
    const changed = await t.app.inject({
      url: `/api/meetings/${m.slug}/calendar.ics`,
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });

  it('gives a closed group’s calendars only to its people, never stored by a cache', async () => {
    const m = await create(closedFacilitator, closed, { name: 'Closed cal' });
    const url = `/api/meetings/${m.slug}/calendar.ics`;
    expect((await t.app.inject({ url })).statusCode).toBe(401);
    expect((await outsider.request({ url })).statusCode).toBe(403);
    const res = await member.request({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body).toContain('Main St');
    expect(
      (await t.app.inject({ url: `/api/groups/${closed.slug}/calendar.ics` })).statusCode,
    ).toBe(401);
  });

  it('answers 404 for unknown meetings and groups', async () => {
    expect((await t.app.inject({ url: '/api/meetings/nope/calendar.ics' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/groups/nope/calendar.ics' })).statusCode).toBe(404);
  });
});

describe('a group’s calendar', () => {
  it('holds every meeting of the group', async () => {
    const group = await createGroup(t, { name: 'Calendar group' });
    const f = await createFacilitator(t, group);
    const a = await create(f, group, { name: 'First' });
    const b = await create(f, group, {
      name: 'Second',
      timezone: 'Europe/London',
      recurrence: { kind: 'monthly', week: 'last', day: 'SU' },
    });
    const res = await t.app.inject({ url: `/api/groups/${group.slug}/calendar.ics` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${group.slug}.ics"`);
    const calendar = parse(res.body);
    const uids = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).uid);
    expect(uids.sort()).toEqual([`${a.id}@localhost`, `${b.id}@localhost`].sort());
    expect(res.body).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/London');
    expect(
      expand(calendar, `${b.id}@localhost`, new Date('2026-03-01Z'), new Date('2026-05-01Z')),
    ).toEqual(['2026-03-29T18:00:00.000Z', '2026-04-26T18:00:00.000Z']);
  });
});

describe('the private “my meetings” feed', () => {
  it('creates, serves without a session, rotates and revokes a secret URL', async () => {
    const person = await createSignedIn(t);
    const mine = await create(closedFacilitator, closed, { name: 'Members only feed' });
    await create(facilitator, open, { name: 'Not my group' });
    await addMembership(t, closed, person.user.id, 'member');

    expect((await person.request({ url: '/api/calendar/feed' })).json()).toEqual({
      active: false,
      createdAt: null,
    });
    const created = await person.request({ method: 'POST', url: '/api/calendar/feed' });
    expect(created.statusCode).toBe(201);
    const { url, webcal } = created.json();
    expect(url).toMatch(/^http:\/\/localhost:3000\/api\/calendar\/[\w-]{43}\.ics$/);
    expect(webcal).toBe(url.replace('http:', 'webcal:'));
    const token = url.split('/').pop().replace('.ics', '');
    const rows = await t.database.db.select().from(calendarFeeds);
    expect(rows.map((r) => r.tokenHash)).not.toContain(token);

    const path = new URL(url).pathname;
    const feed = await t.app.inject({ url: path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.headers['cache-control']).toMatch(/^private/);
    expect(feed.body).toContain('Members only feed');
    expect(feed.body).toContain('Main St'); // a member sees where it meets
    expect(feed.body).not.toContain('Not my group');
    expect(feed.body).toContain(`UID:${mine.id}@localhost`);

    const rotated = await person.request({ method: 'POST', url: '/api/calendar/feed' });
    const newPath = new URL(rotated.json().url).pathname;
    expect(newPath).not.toBe(path);
    expect((await t.app.inject({ url: path })).statusCode).toBe(404);
    expect((await t.app.inject({ url: newPath })).statusCode).toBe(200);

    const revoked = await person.request({ method: 'DELETE', url: '/api/calendar/feed' });
    expect(revoked.statusCode).toBe(204);
    expect((await t.app.inject({ url: newPath })).statusCode).toBe(404);
    expect((await person.request({ url: '/api/calendar/feed' })).json().active).toBe(false);

    const events = await t.database.db.select().from(auditEvents);
    expect(events.filter((e) => e.subjectId === person.user.id).map((e) => e.action)).toEqual([
      'calendar_feed.created',
      'calendar_feed.created',
      'calendar_feed.revoked',
    ]);
  });

  it('drops meetings of groups the person left, and stops for a suspended account', async () => {
    const person = await createSignedIn(t);
    const group = await createGroup(t);
    const f = await createFacilitator(t, group);
    await create(f, group, { name: 'Left group meeting' });
    await addMembership(t, group, person.user.id, 'member', 'left');
    const path = new URL(
      (await person.request({ method: 'POST', url: '/api/calendar/feed' })).json().url,
    ).pathname;
    expect((await t.app.inject({ url: path })).body).not.toContain('Left group meeting');
    const { users } = await import('../../db/schema/index.ts');
    const { eq } = await import('drizzle-orm');
    await t.database.db
      .update(users)
      .set({ status: 'suspended' })
      .where(eq(users.id, person.user.id));
    expect((await t.app.inject({ url: path })).statusCode).toBe(404);
  });

  it('answers 404 for an unknown token and asks visitors to sign in to manage one', async () => {
    expect((await t.app.inject({ url: '/api/calendar/not-a-real-token.ics' })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ method: 'POST', url: '/api/calendar/feed' })).statusCode).toBe(
      401,
    );
    expect((await t.app.inject({ method: 'DELETE', url: '/api/calendar/feed' })).statusCode).toBe(
      401,
    );
  });
});

describe('a calendar’s own words', () => {
  /** The DESCRIPTION of the event named `summary`. */
  const description = (text: string, summary: string) =>
    String(
      parse(text)
        .getAllSubcomponents('vevent')
        .find((v) => v.getFirstPropertyValue('summary') === summary)
        ?.getFirstPropertyValue('description'),
    );
  const calendarName = (text: string) => String(parse(text).getFirstPropertyValue('x-wr-calname'));

  it('names the private feed in its owner’s saved language, whoever fetches it', async () => {
    const spanish = await createSignedIn(t, { locale: 'es' });
    const english = await createSignedIn(t, { locale: 'en' });
    await addMembership(t, open, spanish.user.id, 'member');
    await create(facilitator, open, {
      name: 'Reunión abierta',
      conferenceUrl: 'https://meet.test/a',
    });
    const feedOf = async (who: SignedIn) =>
      new URL((await who.request({ method: 'POST', url: '/api/calendar/feed' })).json().url)
        .pathname;

    // A calendar app sends no session and may say it prefers English.
    const es = await t.app.inject({
      url: await feedOf(spanish),
      headers: { 'accept-language': 'en-US' },
    });
    expect(calendarName(es.body)).toBe('Mis reuniones');
    expect(description(es.body, 'Reunión abierta')).toContain(
      'Unirse en línea: https://meet.test/a',
    );
    expect(description(es.body, 'Reunión abierta')).toMatch(/^Unirse en línea: .*\nDetalles: http/);
    expect(es.body).toContain('PRODID:-//Iconocast//meetings//ES');

    const en = await t.app.inject({
      url: await feedOf(english),
      headers: { 'accept-language': 'es' },
    });
    expect(calendarName(en.body)).toBe('My meetings');
  });

  it('writes a meeting’s calendar in the signed-in person’s language, else the browser’s', async () => {
    const m = await create(facilitator, open, {
      name: 'Words meeting',
      conferencePhone: '+15550100',
    });
    const url = `/api/meetings/${m.slug}/calendar.ics`;

    const visitor = await t.app.inject({ url, headers: { 'accept-language': 'es-MX,en;q=0.5' } });
    expect(description(visitor.body, 'Words meeting')).toContain('Unirse por teléfono: +15550100');
    expect(description(visitor.body, 'Words meeting')).toContain(
      'Detalles: http://localhost:3000/meetings/',
    );
    expect(visitor.headers.vary).toMatch(/accept-language/i);

    const english = await t.app.inject({ url, headers: { 'accept-language': 'en' } });
    expect(description(english.body, 'Words meeting')).toContain('Join by phone: +15550100');
    expect(english.headers.etag).not.toBe(visitor.headers.etag);

    const savedEnglish = await createSignedIn(t, { locale: 'en' });
    const mine = await savedEnglish.request({ url, headers: { 'accept-language': 'es' } });
    expect(description(mine.body, 'Words meeting')).toContain(
      'Details: http://localhost:3000/meetings/',
    );
  });
});
