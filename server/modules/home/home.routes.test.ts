import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHome } from '../../../contracts/home.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';
import {
  createFacilitator,
  createGroup,
  meetingBody,
  type TestGroup,
} from '../meetings/meetings.test-helpers.ts';

// Sunday 1 March 2026, noon UTC.
const START = '2026-03-01T12:00:00Z';
const SECRET_LINK = 'https://meet.example.org/j/HOMESECRET';

let t: TestContext;
let closed: TestGroup;
let open: TestGroup;
let facilitator: SignedIn;

const home = async (who: SignedIn, query = '') => {
  const res = await who.request({ method: 'GET', url: `/api/me/home${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as MemberHome;
};
const post = (who: SignedIn, url: string, payload?: object) =>
  who.request({ method: 'POST', url, ...(payload ? { payload } : {}) });
const decide = (who: SignedIn, kind: 'approve' | 'decline' | 'remove') =>
  post(facilitator, `/api/groups/${closed.slug}/members/${who.user.id}/${kind}`);

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(START);
  closed = await createGroup(t, { isOpen: false, name: 'Lantern Circle' });
  open = await createGroup(t, { isOpen: true, name: 'Open Door' });
  facilitator = await createFacilitator(t, closed);
  const openFacilitator = await createFacilitator(t, open);
  // Tuesdays 19:00 and Thursdays 08:00 in New York, online with a link.
  for (const [name, days, startTime] of [
    ['Lantern Tuesday', ['TU'], '19:00'],
    ['Lantern Thursday', ['TH'], '08:00'],
  ] as const) {
    const res = await facilitator.request({
      method: 'POST',
      url: `/api/groups/${closed.slug}/meetings`,
      payload: meetingBody({
        name,
        startTime,
        recurrence: { kind: 'weekly', days },
        conferenceUrl: SECRET_LINK,
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const openMeeting = await openFacilitator.request({
    method: 'POST',
    url: `/api/groups/${open.slug}/meetings`,
    payload: meetingBody({ name: 'Open Monday', recurrence: { kind: 'weekly', days: ['MO'] } }),
  });
  expect(openMeeting.statusCode, openMeeting.body).toBe(201);
});
afterAll(() => t.close());

describe('GET /api/me/home', () => {
  it('asks who you are, and names a bad zone', async () => {
    expect((await t.app.inject({ url: '/api/me/home' })).statusCode).toBe(401);
    const someone = await createSignedIn(t);
    const res = await someone.request({ url: '/api/me/home?tz=Mars/Olympus' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(
      'querystring.tz',
    );
  });

  it('shows a member their groups, role and next 7 meetings with the join link, soonest first', async () => {
    const member = await createSignedIn(t, { timezone: 'Europe/Madrid' });
    await post(member, `/api/groups/${closed.slug}/join`, {});
    await decide(member, 'approve');
    await post(member, `/api/groups/${open.slug}/join`, {});

    const body = await home(member);
    expect(body.viewerTimezone).toBe('Europe/Madrid');
    expect(body.groups).toEqual([
      {
        slug: closed.slug,
        name: 'Lantern Circle',
        isOpen: false,
        role: 'member',
        waitingRequests: null,
      },
      { slug: open.slug, name: 'Open Door', isOpen: true, role: 'member', waitingRequests: null },
    ]);
    expect(body.meetings).toHaveLength(7);
    const starts = body.meetings.map((m) => m.start);
    expect(starts).toEqual([...starts].sort());
    // Monday 2 March (open), Tuesday 3 and Thursday 5 (closed), then the next week.
    expect(body.meetings.slice(0, 3).map((m) => [m.meetingName, m.occurrenceId])).toEqual([
      ['Open Monday', '2026-03-02'],
      ['Lantern Tuesday', '2026-03-03'],
      ['Lantern Thursday', '2026-03-05'],
    ]);
    const lantern = body.meetings.find((m) => m.meetingName === 'Lantern Tuesday')!;
    expect(lantern).toMatchObject({
      group: { slug: closed.slug, name: 'Lantern Circle' },
      conferenceUrl: SECRET_LINK,
      locationName: 'Hope Hall',
      timezone: 'America/New_York',
      cancelled: false,
    });
    expect(body.suggestions).toEqual([]);
    expect((await home(member, '?tz=Asia/Tokyo')).viewerTimezone).toBe('Asia/Tokyo');
  });

  it('counts the requests waiting in the groups a facilitator runs', async () => {
    const askers = [await createSignedIn(t), await createSignedIn(t)];
    const before = (await home(facilitator)).groups.find((g) => g.slug === closed.slug)!;
    for (const asker of askers) await post(asker, `/api/groups/${closed.slug}/join`, {});
    const after = (await home(facilitator)).groups.find((g) => g.slug === closed.slug)!;
    expect(after.role).toBe('facilitator');
    expect(after.waitingRequests).toBe((before.waitingRequests ?? 0) + 2);
    for (const asker of askers) await decide(asker, 'decline');
  });

  it('shows a requester their waiting request, and no meetings or suggestions', async () => {
    const requester = await createSignedIn(t);
    await post(requester, `/api/groups/${closed.slug}/join`, { message: 'Hello there' });
    const body = await home(requester);
    expect(body.groups).toEqual([]);
    expect(body.meetings).toEqual([]);
    expect(body.suggestions).toEqual([]);
    expect(body.requests).toEqual([
      {
        group: { slug: closed.slug, name: 'Lantern Circle' },
        state: 'waiting',
        requestedAt: new Date(START).toISOString(),
        answeredAt: null,
        hasMessage: true,
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('Hello there');
  });

  it('shows the answers with their dates, for 60 days', async () => {
    const approved = await createSignedIn(t);
    const declined = await createSignedIn(t);
    for (const who of [approved, declined]) await post(who, `/api/groups/${closed.slug}/join`, {});
    t.clock.set('2026-03-01T12:10:00Z');
    await decide(approved, 'approve');
    await decide(declined, 'decline');
    expect((await home(approved)).requests).toEqual([
      expect.objectContaining({ state: 'approved', answeredAt: '2026-03-01T12:10:00.000Z' }),
    ]);
    const answer = (await home(declined)).requests;
    expect(answer).toEqual([
      expect.objectContaining({ state: 'declined', answeredAt: '2026-03-01T12:10:00.000Z' }),
    ]);
    // Declined and in no group: something to try instead, never the closed group's meetings.
    const declinedHome = await home(declined);
    expect(declinedHome.meetings).toEqual([]);
    expect(declinedHome.suggestions.map((s) => s.slug)).toContain(open.slug);
    expect(declinedHome.suggestions.map((s) => s.slug)).not.toContain(closed.slug);
    t.clock.set(START);
  });

  it('shows a removed member and one who left none of the group or its meetings', async () => {
    const removed = await createSignedIn(t);
    const left = await createSignedIn(t);
    for (const who of [removed, left]) {
      await post(who, `/api/groups/${closed.slug}/join`, {});
      await decide(who, 'approve');
      expect((await home(who)).meetings.length).toBeGreaterThan(0);
    }
    await decide(removed, 'remove');
    await post(left, `/api/groups/${closed.slug}/leave`);
    for (const who of [removed, left]) {
      const body = await home(who);
      expect(body.groups).toEqual([]);
      expect(body.meetings).toEqual([]);
      expect(JSON.stringify(body)).not.toContain(SECRET_LINK);
      expect(JSON.stringify(body)).not.toContain('Lantern Tuesday');
    }
  });

  it('offers a stranger open groups to try, and nothing of anyone else', async () => {
    const stranger = await createSignedIn(t);
    const body = await home(stranger);
    expect(body.groups).toEqual([]);
    expect(body.meetings).toEqual([]);
    expect(body.requests).toEqual([]);
    expect(body.suggestions).toEqual([{ slug: open.slug, name: 'Open Door', format: 'in_person' }]);
  });
});
