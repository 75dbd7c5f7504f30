import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';
import {
  addMembership,
  createFacilitator,
  createGroup,
  createCircles,
  createMember,
  meetingBody,
  type TestGroup,
} from './meetings.test-helpers.ts';

let t: TestContext;
let open: TestGroup;
let closed: TestGroup;
let facilitator: SignedIn;
let closedFacilitator: SignedIn;
let admin: SignedIn;
let member: SignedIn;
let outsider: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  ({ open, closed, facilitator, closedFacilitator, member } = await createCircles(t));
  admin = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
  outsider = await createSignedIn(t, { timezone: 'Asia/Tokyo' });
});
afterAll(() => t.close());

async function create(
  who: SignedIn,
  group: TestGroup,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { slug: string }> {
  const res = await who.request({
    method: 'POST',
    url: `/api/groups/${group.slug}/meetings`,
    payload: meetingBody(overrides),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const fields = (res: { json(): { error: { details?: { field: string }[] } } }) =>
  (res.json().error.details ?? []).map((d) => d.field);

describe('creating a meeting series', () => {
  it('lets the group facilitator create one, with a generated slug, rrule and attendance', async () => {
    const m = await create(facilitator, open);
    expect(m).toMatchObject({
      slug: 'tuesday-evening-hope',
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      attendance: 'in_person',
      group: { slug: open.slug, name: 'Open Circle', isOpen: true },
      types: [
        { code: 'O', name: 'Open' },
        { code: 'D', name: 'Discussion' },
      ],
      detailsHidden: false,
    });
    const again = await create(facilitator, open);
    expect(again.slug).toBe('tuesday-evening-hope-2');
  });

  it('derives online and hybrid attendance', async () => {
    const online = await create(facilitator, open, {
      name: 'Online only',
      address: null,
      latitude: null,
      longitude: null,
      locationName: null,
      conferenceUrl: 'https://zoom.us/j/123456789',
      conferencePhone: '+1 (646) 558-8656,,123456789#',
    });
    expect(online.attendance).toBe('online');
    expect(online.conferencePhone).toBe('+16465588656,,123456789#');
    const hybrid = await create(facilitator, open, {
      name: 'Both ways',
      conferenceUrl: 'https://meet.jit.si/hope',
    });
    expect(hybrid.attendance).toBe('hybrid');
    const area = await create(facilitator, open, {
      name: 'Area online',
      address: 'Springfield, MA',
      approximate: true,
      latitude: null,
      longitude: null,
      conferenceUrl: 'https://meet.jit.si/hope2',
    });
    expect(area.attendance).toBe('online');
  });

  it('lets an admin create one in any group, and audits it', async () => {
    const m = await create(admin, closed, { name: 'Admin made' });
    const events = await t.database.db.select().from(auditEvents);
    expect(
      events.some((e) => e.action === 'meeting.created' && e.resourceId === (m.id as string)),
    ).toBe(true);
  });

  it('refuses visitors, members, other groups’ facilitators and staff without two-factor', async () => {
    const url = `/api/groups/${open.slug}/meetings`;
    const visitor = await t.app.inject({ method: 'POST', url, payload: meetingBody() });
    expect(visitor.statusCode).toBe(401);
    const plainMember = await createMember(t, open);
    expect(
      (await plainMember.request({ method: 'POST', url, payload: meetingBody() })).statusCode,
    ).toBe(403);
    expect(
      (await closedFacilitator.request({ method: 'POST', url, payload: meetingBody() })).statusCode,
    ).toBe(403);
    const no2fa = await createSignedIn(t, { role: 'facilitator' });
    await addMembership(t, open, no2fa.user.id, 'facilitator');
    const res = await no2fa.request({ method: 'POST', url, payload: meetingBody() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('two_factor_required');
  });

  it('answers 404 for an unknown group', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/groups/no-such-group/meetings',
      payload: meetingBody(),
    });
    expect(res.statusCode).toBe(404);
  });

  it.each([
    [{ startTime: '25:00' }, 'body.startTime'],
    [{ timezone: 'Mars/Olympus' }, 'body.timezone'],
    [{ timezone: '+05:00' }, 'body.timezone'],
    [{ recurrence: { kind: 'monthly', week: 5, day: 'TU' } }, 'body.recurrence.week'],
    [{ recurrence: { kind: 'weekly', days: [] } }, 'body.recurrence.days'],
    [{ recurrence: { kind: 'fortnightly' } }, 'body.recurrence.kind'],
    [{ startsOn: '2026-02-30' }, 'body.startsOn'],
    [{ endsOn: '2025-12-01' }, 'body.endsOn'],
    [
      // Mondays only, but the series starts on a Tuesday and ends the next day.
      {
        recurrence: { kind: 'weekly', days: ['MO'] },
        startsOn: '2026-01-06',
        endsOn: '2026-01-07',
      },
      'body.recurrence',
    ],
    [
      { recurrence: { kind: 'course', days: ['TU'], sessions: 6 }, endsOn: '2026-06-01' },
      'body.endsOn',
    ],
    [{ latitude: 91 }, 'body.latitude'],
    [{ longitude: -181 }, 'body.longitude'],
    [{ latitude: null }, 'body.latitude'],
    [{ address: null, latitude: null, longitude: null }, 'body.address'],
    [{ approximate: true }, 'body.approximate'],
    [{ address: null, conferenceUrl: 'javascript:alert(1)' }, 'body.conferenceUrl'],
    [{ address: null, conferencePhone: 'call me' }, 'body.conferencePhone'],
    [{ types: ['O', 'toolong'] }, 'body.types.1'],
    [{ types: ['O', 'C'] }, 'body.types'],
    [{ durationMinutes: 0 }, 'body.durationMinutes'],
    [{ name: '  ' }, 'body.name'],
    [{ colour: 'red' }, 'body.colour'],
  ])('rejects %j naming %s', async (overrides, field) => {
    const res = await facilitator.request({
      method: 'POST',
      url: `/api/groups/${open.slug}/meetings`,
      payload: meetingBody(overrides),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(fields(res)).toContain(field);
  });

  // An incomplete recurrence is refused with the missing detail named, never read as a one-off.
  it.each([
    [{ kind: 'weekly', interval: 2 }, 'body.recurrence.days', 'choose at least one weekday'],
    [{ kind: 'monthly', day: 'SA' }, 'body.recurrence.week', 'which week of the month'],
    [{ kind: 'monthly', week: 1 }, 'body.recurrence.day', 'choose a weekday'],
    [{ kind: 'course', days: ['TU'] }, 'body.recurrence.sessions', 'how many sessions'],
    [{ days: ['SU'], interval: 2 }, 'body.recurrence.kind', "'weekly'"],
  ])('refuses the incomplete recurrence %j naming %s', async (recurrence, field, words) => {
    const res = await facilitator.request({
      method: 'POST',
      url: `/api/groups/${open.slug}/meetings`,
      payload: meetingBody({ recurrence }),
    });
    expect(res.statusCode, res.body).toBe(400);
    const detail = (res.json().error.details as { field: string; message: string }[]).find(
      (d) => d.field === field,
    );
    expect(detail?.message, res.body).toContain(words);
  });

  it('accepts program type codes and type names, normalised to codes', async () => {
    const m = await create(facilitator, open, { name: 'Typed', types: ['AC', 'open', 'w'] });
    expect((m.types as { code: string }[]).map((x) => x.code)).toEqual(['AC', 'O', 'W']);
  });
});

describe('the finder’s index', () => {
  it('hears about every committed change, and not about refused ones', async () => {
    let heard = 0;
    const off = t.app.directoryEvents.onChange(() => heard++);
    try {
      const m = await create(facilitator, open, { name: 'Heard' });
      expect(heard).toBe(1);
      await facilitator.request({
        method: 'PATCH',
        url: `/api/meetings/${m.slug}`,
        payload: { notes: 'Bring a friend' },
      });
      expect(heard).toBe(2);
      await facilitator.request({
        method: 'PATCH',
        url: `/api/meetings/${m.slug}`,
        payload: { startTime: '99:00' },
      });
      expect(heard).toBe(2);
      await facilitator.request({
        method: 'PUT',
        url: `/api/meetings/${m.slug}/occurrences/2026-03-03`,
        payload: { cancelled: true },
      });
      expect(heard).toBe(3);
      await facilitator.request({ method: 'POST', url: `/api/meetings/${m.slug}/end` });
      expect(heard).toBe(4);
    } finally {
      off();
    }
  });
});

describe('editing and ending a series', () => {
  it('changes details, keeps the slug, rewrites the rrule and audits the fields', async () => {
    const m = await create(facilitator, open, { name: 'Editable' });
    const res = await facilitator.request({
      method: 'PATCH',
      url: `/api/meetings/${m.slug}`,
      payload: {
        name: 'Edited',
        recurrence: { kind: 'monthly', week: 'last', day: 'FR' },
        conferenceUrl: 'https://zoom.us/j/1',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      slug: m.slug,
      name: 'Edited',
      rrule: 'FREQ=MONTHLY;BYDAY=-1FR',
      attendance: 'hybrid',
    });
    const events = await t.database.db.select().from(auditEvents);
    const updated = events.find((e) => e.action === 'meeting.updated' && e.resourceId === m.id);
    expect(updated?.meta).toMatchObject({ fields: 'name,recurrence,conferenceUrl' });
  });

  it('rejects an edit that leaves no way to attend, naming the field, and writes nothing', async () => {
    const m = await create(facilitator, open, { name: 'Keep address' });
    const res = await facilitator.request({
      method: 'PATCH',
      url: `/api/meetings/${m.slug}`,
      payload: { address: null, name: 'Should not stick' },
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['body.address']);
    const page = await t.app.inject({ url: `/api/meetings/${m.slug}` });
    expect(page.json().meeting.name).toBe('Keep address');
  });

  it('refuses an edit from a member of the group and from visitors', async () => {
    const m = await create(closedFacilitator, closed, { name: 'Closed edit' });
    expect(
      (
        await member.request({
          method: 'PATCH',
          url: `/api/meetings/${m.slug}`,
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/meetings/${m.slug}`,
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('ends a series today in its zone by default, with UNTIL in the rule, and audits it', async () => {
    const m = await create(facilitator, open, { name: 'Ending' });
    const res = await facilitator.request({ method: 'POST', url: `/api/meetings/${m.slug}/end` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      endsOn: '2026-03-01',
      rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260301T235959',
    });
    const page = await t.app.inject({ url: `/api/meetings/${m.slug}` });
    expect(page.json().occurrences).toEqual([]);
    const events = await t.database.db.select().from(auditEvents);
    expect(events.some((e) => e.action === 'meeting.ended' && e.resourceId === m.id)).toBe(true);
  });

  it('refuses to end a course or a one-off, naming endsOn', async () => {
    const course = await create(facilitator, open, {
      name: 'Course',
      recurrence: { kind: 'course', days: ['TU'], sessions: 8 },
    });
    const once = await create(facilitator, open, { name: 'Once', recurrence: { kind: 'once' } });
    for (const slug of [course.slug, once.slug]) {
      const res = await facilitator.request({
        method: 'POST',
        url: `/api/meetings/${slug}/end`,
        payload: { endsOn: '2026-04-01' },
      });
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toContain('body.endsOn');
    }
  });
});

describe('the meeting page', () => {
  it('shows the next 8 occurrences in the viewer’s zone and the meeting’s, with links', async () => {
    const m = await create(facilitator, open, { name: 'Page' });
    const res = await outsider.request({ url: `/api/meetings/${m.slug}` });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.viewerTimezone).toBe('Asia/Tokyo');
    expect(page.occurrences).toHaveLength(8);
    // Tue 3 Mar 2026 19:00 EST = Wed 4 Mar 09:00 in Tokyo; after 8 March, EDT (UTC−4).
    expect(page.occurrences[0]).toMatchObject({
      occurrenceId: '2026-03-03',
      start: '2026-03-04T00:00:00.000Z',
      cancelled: false,
      moved: false,
    });
    expect(page.occurrences[0].viewerTime).toMatch(/Wed, Mar 4.*9:00/);
    expect(page.occurrences[0].meetingTime).toMatch(/Tue, Mar 3.*7:00/);
    expect(page.occurrences[1].start).toBe('2026-03-10T23:00:00.000Z');
    expect(page.directions).toEqual({
      geo: 'geo:42.1015,-72.5898',
      openStreetMap: 'https://www.openstreetmap.org/directions?to=42.1015%2C-72.5898',
    });
    expect(page.calendar.ics).toBe(`http://localhost:3000/api/meetings/${m.slug}/calendar.ics`);
    expect(page.calendar.webcal).toMatch(/^webcal:\/\//);
    expect(page.calendar.google).toContain('recur=RRULE%3AFREQ%3DWEEKLY%3BBYDAY%3DTU');
    expect(page.canManage).toBe(false);
  });

  it('uses ?tz=, else the signed-in zone, else the meeting’s zone; a zone like the meeting’s shows one time', async () => {
    const m = await create(facilitator, open, { name: 'Zones' });
    const visitor = (await t.app.inject({ url: `/api/meetings/${m.slug}` })).json();
    expect(visitor.viewerTimezone).toBe('America/New_York');
    expect(visitor.occurrences[0].meetingTime).toBeNull();
    const asked = (
      await outsider.request({ url: `/api/meetings/${m.slug}?tz=Europe/London` })
    ).json();
    expect(asked.viewerTimezone).toBe('Europe/London');
    expect(asked.occurrences[0].viewerTime).toMatch(/Mar 4.*0:00|Mar 4.*12:00/);
    const bad = await t.app.inject({ url: `/api/meetings/${m.slug}?tz=Nowhere/Land` });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['querystring.tz']);
  });

  it('says canManage for the group’s facilitators', async () => {
    const m = await create(facilitator, open, { name: 'Manageable' });
    expect((await facilitator.request({ url: `/api/meetings/${m.slug}` })).json().canManage).toBe(
      true,
    );
  });

  it('hides a closed group’s address and ways to join from people outside it', async () => {
    const m = await create(closedFacilitator, closed, {
      name: 'Closed meeting',
      conferenceUrl: 'https://zoom.us/j/999',
      conferencePhone: '+16465588656',
    });
    for (const who of [null, outsider]) {
      const res = who
        ? await who.request({ url: `/api/meetings/${m.slug}` })
        : await t.app.inject({ url: `/api/meetings/${m.slug}` });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.meeting).toMatchObject({
        detailsHidden: true,
        locationName: null,
        address: null,
        latitude: null,
        conferenceUrl: null,
        conferencePhone: null,
        group: { isOpen: false },
      });
      expect(page.directions).toBeNull();
      expect(res.body).not.toContain('zoom.us');
      expect(res.body).not.toContain('Main St');
      expect(res.body).not.toContain('Hope Hall');
    }
    for (const who of [member, closedFacilitator, admin]) {
      const page = (await who.request({ url: `/api/meetings/${m.slug}` })).json();
      expect(page.meeting).toMatchObject({
        detailsHidden: false,
        conferenceUrl: 'https://zoom.us/j/999',
      });
    }
  });

  it('marks a member’s view of a closed group’s meetings no-store, and only that', async () => {
    const m = await create(closedFacilitator, closed, { name: 'Personal answers' });
    const o = await create(facilitator, open, { name: 'Public answers' });
    const urls = (slug: string, group: TestGroup) => [
      `/api/meetings/${slug}`,
      `/api/groups/${group.slug}/meetings`,
    ];
    for (const who of [member, closedFacilitator, admin]) {
      for (const url of urls(m.slug, closed)) {
        const res = await who.request({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['cache-control'], url).toBe('no-store');
      }
    }
    // Nothing members-only in these answers: they keep their (default) caching.
    for (const url of [...urls(m.slug, closed), ...urls(o.slug, open)]) {
      expect((await t.app.inject({ url })).headers['cache-control'], url).toBeUndefined();
      expect((await outsider.request({ url })).headers['cache-control'], url).toBeUndefined();
    }
    for (const url of urls(o.slug, open)) {
      expect((await facilitator.request({ url })).headers['cache-control'], url).toBeUndefined();
    }
  });

  it('answers 404 for an unknown meeting', async () => {
    expect((await t.app.inject({ url: '/api/meetings/nope' })).statusCode).toBe(404);
  });

  it('lists a group’s meetings with their next occurrence', async () => {
    const group = await createGroup(t);
    const f = await createFacilitator(t, group);
    await create(f, group, { name: 'Late', startTime: '23:30' });
    await create(f, group, { name: 'Early', startTime: '00:30' });
    const res = await t.app.inject({ url: `/api/groups/${group.slug}/meetings` });
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.viewerTimezone).toBeNull();
    expect(list.meetings.map((m: { name: string }) => m.name)).toEqual(['Early', 'Late']);
    // 00:30 Tuesday in New York is 05:30 UTC Tuesday; 23:30 is 04:30 UTC Wednesday.
    expect(list.meetings[0].nextOccurrence.start).toBe('2026-03-03T05:30:00.000Z');
    expect(list.meetings[1].nextOccurrence.start).toBe('2026-03-04T04:30:00.000Z');
  });
});

describe('meetings at the edges of the day, across DST, for viewers elsewhere', () => {
  it('keeps a 00:30 and a 23:30 New York meeting at local time across the March change', async () => {
    const early = await create(facilitator, open, { name: 'DST early', startTime: '00:30' });
    const late = await create(facilitator, open, { name: 'DST late', startTime: '23:30' });
    const e = (await t.app.inject({ url: `/api/meetings/${early.slug}` })).json();
    const l = (await t.app.inject({ url: `/api/meetings/${late.slug}` })).json();
    expect(e.occurrences.slice(0, 2).map((o: { start: string }) => o.start)).toEqual([
      '2026-03-03T05:30:00.000Z', // EST
      '2026-03-10T04:30:00.000Z', // EDT, after Sunday 8 March
    ]);
    expect(l.occurrences.slice(0, 2).map((o: { start: string }) => o.start)).toEqual([
      '2026-03-04T04:30:00.000Z',
      '2026-03-11T03:30:00.000Z',
    ]);
  });

  it('shows a London meeting to a New York viewer across both countries’ changes', async () => {
    const m = await create(facilitator, open, {
      name: 'London',
      timezone: 'Europe/London',
      startTime: '19:00',
      startsOn: '2026-01-01',
      recurrence: { kind: 'weekly', days: ['TH'] },
    });
    const page = (
      await t.app.inject({ url: `/api/meetings/${m.slug}?tz=America/New_York` })
    ).json();
    const starts = page.occurrences.slice(0, 5).map((o: { start: string }) => o.start);
    expect(starts).toEqual([
      '2026-03-05T19:00:00.000Z', // GMT; New York on EST: 14:00
      '2026-03-12T19:00:00.000Z', // GMT; New York on EDT already: 15:00
      '2026-03-19T19:00:00.000Z',
      '2026-03-26T19:00:00.000Z',
      '2026-04-02T18:00:00.000Z', // BST after 29 March
    ]);
    expect(page.occurrences[0].viewerTime).toMatch(/2:00/);
    expect(page.occurrences[1].viewerTime).toMatch(/3:00/);
    expect(page.occurrences[4].viewerTime).toMatch(/2:00/);
    expect(page.occurrences[4].meetingTime).toMatch(/7:00/);
  });

  it('schedules monthly meetings on the nth and the last weekday', async () => {
    const second = await create(facilitator, open, {
      name: 'Second Wednesday',
      recurrence: { kind: 'monthly', week: 2, day: 'WE' },
    });
    const last = await create(facilitator, open, {
      name: 'Last Sunday',
      timezone: 'Europe/London',
      startTime: '10:00',
      recurrence: { kind: 'monthly', week: 'last', day: 'SU' },
    });
    const s = (await t.app.inject({ url: `/api/meetings/${second.slug}` })).json();
    expect(s.occurrences.slice(0, 3).map((o: { occurrenceId: string }) => o.occurrenceId)).toEqual([
      '2026-03-11',
      '2026-04-08',
      '2026-05-13',
    ]);
    const l = (await t.app.inject({ url: `/api/meetings/${last.slug}` })).json();
    expect(l.occurrences.slice(0, 3).map((o: { start: string }) => o.start)).toEqual([
      '2026-03-29T09:00:00.000Z', // the day the UK changes to BST
      '2026-04-26T09:00:00.000Z',
      '2026-05-31T09:00:00.000Z',
    ]);
  });
});

describe('occurrence exceptions', () => {
  it('cancels, moves, notes and undoes single occurrences', async () => {
    const m = await create(facilitator, open, { name: 'Exceptions' });
    const url = (id: string) => `/api/meetings/${m.slug}/occurrences/${id}`;

    let res = await facilitator.request({
      method: 'PUT',
      url: url('2026-03-03'),
      payload: { cancelled: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().exception).toMatchObject({ cancelled: true, moved: null });

    res = await facilitator.request({
      method: 'PUT',
      url: url('2026-03-10'),
      payload: { moved: { date: '2026-03-11', startTime: '18:00', durationMinutes: 90 } },
    });
    expect(res.json().exception.moved).toEqual({
      date: '2026-03-11',
      startTime: '18:00',
      durationMinutes: 90,
    });

    res = await facilitator.request({
      method: 'PUT',
      url: url('2026-03-17'),
      payload: { topic: 'Step one', literature: 'Chapter 5' },
    });
    expect(res.json().exception).toMatchObject({ topic: 'Step one', cancelled: false });

    const page = (await t.app.inject({ url: `/api/meetings/${m.slug}` })).json();
    expect(page.occurrences.slice(0, 3)).toMatchObject([
      { occurrenceId: '2026-03-03', cancelled: true },
      {
        occurrenceId: '2026-03-10',
        moved: true,
        start: '2026-03-11T22:00:00.000Z',
        end: '2026-03-11T23:30:00.000Z',
        originalStart: '2026-03-10T23:00:00.000Z',
      },
      { occurrenceId: '2026-03-17', topic: 'Step one', literature: 'Chapter 5' },
    ]);

    const list = await facilitator.request({ url: `/api/meetings/${m.slug}/occurrences` });
    expect(list.json().exceptions).toHaveLength(3);

    // Undo: the cancellation goes away entirely; clearing the topic leaves nothing.
    res = await facilitator.request({ method: 'DELETE', url: url('2026-03-03') });
    expect(res.statusCode).toBe(204);
    res = await facilitator.request({
      method: 'PUT',
      url: url('2026-03-17'),
      payload: { topic: null, literature: null },
    });
    expect(res.json().exception).toBeNull();
    // Cancelling a moved occurrence clears the move.
    res = await facilitator.request({
      method: 'PUT',
      url: url('2026-03-10'),
      payload: { cancelled: true },
    });
    expect(res.json().exception).toMatchObject({ cancelled: true, moved: null });

    const after = (await t.app.inject({ url: `/api/meetings/${m.slug}` })).json();
    expect(after.occurrences[0]).toMatchObject({ occurrenceId: '2026-03-03', cancelled: false });
    expect(after.occurrences[1]).toMatchObject({ occurrenceId: '2026-03-10', cancelled: true });
    expect(after.occurrences[2].topic).toBeNull();

    const events = await t.database.db.select().from(auditEvents);
    expect(events.filter((e) => e.resourceId === m.id).map((e) => e.action)).toEqual(
      expect.arrayContaining(['meeting.occurrence_changed', 'meeting.occurrence_restored']),
    );
  });

  it('refuses a date that is not an occurrence, and bad moves, naming the field', async () => {
    const m = await create(facilitator, open, { name: 'Exception errors' });
    const put = (id: string, payload: Record<string, unknown>) =>
      facilitator.request({
        method: 'PUT',
        url: `/api/meetings/${m.slug}/occurrences/${id}`,
        payload,
      });
    let res = await put('2026-03-04', { cancelled: true });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['params.occurrenceId']);
    res = await put('2026-02-30', { cancelled: true });
    expect(fields(res)).toEqual(['params.occurrenceId']);
    res = await put('2026-03-03', { moved: { date: '2026-03-04', startTime: '25:00' } });
    expect(fields(res)).toEqual(['body.moved.startTime']);
    res = await put('2026-03-03', {
      cancelled: true,
      moved: { date: '2026-03-04', startTime: '20:00' },
    });
    expect(fields(res)).toEqual(['body.moved']);
    res = await put('2026-03-03', {});
    expect(res.statusCode).toBe(400);
  });

  it('lets only the group’s staff change occurrences', async () => {
    const m = await create(closedFacilitator, closed, { name: 'Guarded' });
    const url = `/api/meetings/${m.slug}/occurrences/2026-03-03`;
    expect(
      (await member.request({ method: 'PUT', url, payload: { cancelled: true } })).statusCode,
    ).toBe(403);
    expect(
      (await facilitator.request({ method: 'PUT', url, payload: { cancelled: true } })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url })).statusCode).toBe(401);
    expect((await member.request({ url: `/api/meetings/${m.slug}/occurrences` })).statusCode).toBe(
      403,
    );
    expect(
      (await admin.request({ method: 'PUT', url, payload: { cancelled: true } })).statusCode,
    ).toBe(200);
  });
});
