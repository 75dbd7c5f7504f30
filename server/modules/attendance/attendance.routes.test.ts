import { getTableConfig } from 'drizzle-orm/pg-core';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  MyAttendancePage,
  OccurrenceAttendance,
  PendingSurveyList,
  SurveyAggregate,
} from '../../../contracts/attendance.ts';
import type { MemberHome } from '../../../contracts/home.ts';
import { attendance, auditEvents, surveyAnswered, surveyAnswers } from '../../db/schema/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';
import {
  addMembership,
  createFacilitator,
  createGroup,
  createMember,
  meetingBody,
  type TestGroup,
} from '../meetings/meetings.test-helpers.ts';
import {
  closeOpenPresence,
  forgetClosedSurveyLinks,
  onlineJoined,
  onlineLeft,
} from './attendance.service.ts';

// Sunday 1 March 2026, noon UTC. "Hope Tuesday" meets in person on Tuesdays at 19:00 in
// New York: the occurrence 2026-03-03 runs 2026-03-04T00:00Z to 01:00Z. "Online Thursday"
// meets online on Thursdays at 08:00 there: 2026-03-05 runs 13:00Z to 14:00Z.
const START = '2026-03-01T12:00:00Z';
const TUESDAY = '2026-03-03';
const THURSDAY = '2026-03-05';

let t: TestContext;
let group: TestGroup;
let facilitator: SignedIn;
let members: SignedIn[];
let outsider: SignedIn;
let removed: SignedIn;
let former: SignedIn;
let admin: SignedIn;
let inPerson: { id: string; slug: string };
let online: { id: string; slug: string };

const at = (path: string, slug = inPerson.slug, occurrenceId = TUESDAY) =>
  `/api/meetings/${slug}/occurrences/${occurrenceId}/${path}`;
const fields = (body: string) =>
  (JSON.parse(body).error.details ?? []).map((d: { field: string }) => d.field);

async function createMeeting(overrides: Record<string, unknown>) {
  const res = await facilitator.request({
    method: 'POST',
    url: `/api/groups/${group.slug}/meetings`,
    payload: meetingBody(overrides),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; slug: string; attendance: string };
}

beforeAll(async () => {
  // The clock moves over days: sessions must outlive it.
  t = await createTestApp({ session: { idleMinutes: 60 * 24 * 30, absoluteHours: 24 * 30 } });
  t.clock.set(START);
  group = await createGroup(t, { isOpen: false, name: 'Lantern Circle' });
  facilitator = await createFacilitator(t, group);
  members = [];
  for (let i = 0; i < 7; i++) members.push(await createMember(t, group));
  outsider = await createSignedIn(t);
  removed = await createSignedIn(t);
  await addMembership(t, group, removed.user.id, 'member', 'removed');
  former = await createSignedIn(t);
  await addMembership(t, group, former.user.id, 'member', 'left');
  admin = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
  inPerson = await createMeeting({ name: 'Hope Tuesday' });
  const created = await createMeeting({
    name: 'Online Thursday',
    startTime: '08:00',
    recurrence: { kind: 'weekly', days: ['TH'] },
    locationName: null,
    address: null,
    latitude: null,
    longitude: null,
    conferenceUrl: 'https://meet.example.org/j/123',
  });
  expect(created.attendance).toBe('online');
  online = created;
});
afterAll(() => t.close());

describe('facilitators mark attendance', () => {
  it('refuses marks before the occurrence is about to start', async () => {
    t.clock.set('2026-03-03T20:00:00Z');
    const res = await facilitator.request({
      method: 'PUT',
      url: at('attendance'),
      payload: { marks: [{ userId: members[0]!.user.id, present: true }] },
    });
    expect(res.statusCode, res.body).toBe(409);
  });

  it('lists the active members and marks them present, audited; the member sees it as their own', async () => {
    t.clock.set('2026-03-04T00:10:00Z');
    const list = await facilitator.request({ url: at('attendance') });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const before = list.json() as OccurrenceAttendance;
    const ids = before.people.map((p) => p.userId);
    for (const m of members) expect(ids).toContain(m.user.id);
    expect(ids).not.toContain(removed.user.id);
    expect(ids).not.toContain(former.user.id);
    expect(before.people.every((p) => !p.present)).toBe(true);
    expect(before.checkIn).toBe(true);
    expect(list.body).not.toContain('@example.org');

    const res = await facilitator.request({
      method: 'PUT',
      url: at('attendance'),
      payload: {
        marks: members.slice(0, 5).map((m) => ({ userId: m.user.id, present: true })),
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as OccurrenceAttendance;
    const first = after.people.find((p) => p.userId === members[0]!.user.id)!;
    expect(first).toMatchObject({ present: true, source: 'marked', minutesPresent: null });
    const [row] = await t.database.db
      .select()
      .from(attendance)
      .where(and(eq(attendance.userId, members[0]!.user.id), eq(attendance.occurrenceId, TUESDAY)));
    expect(row).toMatchObject({ source: 'marked', markedBy: facilitator.user.id });
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'attendance.marked'));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.meta).toMatchObject({ occurrenceId: TUESDAY, present: 5, absent: 0 });

    const history = await members[0]!.request({ url: '/api/me/attendance' });
    expect(history.statusCode, history.body).toBe(200);
    const page = history.json() as MyAttendancePage;
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      meetingSlug: inPerson.slug,
      meetingName: 'Hope Tuesday',
      group: { slug: group.slug, name: 'Lantern Circle' },
      occurrenceId: TUESDAY,
      start: '2026-03-04T00:00:00.000Z',
      source: 'marked',
    });
  });

  it('unmarks someone, and names a person who is not an active member', async () => {
    const unmark = await facilitator.request({
      method: 'PUT',
      url: at('attendance'),
      payload: { marks: [{ userId: members[4]!.user.id, present: false }] },
    });
    expect(unmark.statusCode, unmark.body).toBe(200);
    const view = unmark.json() as OccurrenceAttendance;
    expect(view.people.find((p) => p.userId === members[4]!.user.id)!.present).toBe(false);
    const bad = await facilitator.request({
      method: 'PUT',
      url: at('attendance'),
      payload: { marks: [{ userId: former.user.id, present: true }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad.body)).toEqual(['body.marks.0.userId']);
  });
});

describe('who sees a group’s attendance', () => {
  it('refuses a member (403), and outsiders, removed and former members (404), and visitors (401)', async () => {
    expect((await members[0]!.request({ url: at('attendance') })).statusCode).toBe(403);
    expect((await members[0]!.request({ url: at('survey') })).statusCode).toBe(403);
    expect((await members[0]!.request({ url: at('check-in-code') })).statusCode).toBe(403);
    for (const who of [outsider, removed, former]) {
      expect((await who.request({ url: at('attendance') })).statusCode).toBe(404);
      expect((await who.request({ url: at('survey') })).statusCode).toBe(404);
      const put = await who.request({
        method: 'PUT',
        url: at('attendance'),
        payload: { marks: [{ userId: who.user.id, present: true }] },
      });
      expect(put.statusCode).toBe(404);
    }
    expect((await t.app.inject({ url: at('attendance') })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/me/attendance' })).statusCode).toBe(401);
  });

  it("shows only a person's own history", async () => {
    const mine = (await outsider.request({ url: '/api/me/attendance' })).json() as MyAttendancePage;
    expect(mine).toMatchObject({ items: [], total: 0 });
  });

  it("lets an admin read it, audited in each present person's own log", async () => {
    const res = await admin.request({ url: at('attendance') });
    expect(res.statusCode, res.body).toBe(200);
    const reads = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'attendance.read_by_staff'));
    expect(reads.map((r) => r.subjectId).sort()).toEqual(
      members
        .slice(0, 4)
        .map((m) => m.user.id)
        .sort(),
    );
    expect(reads.every((r) => r.actorId === admin.user.id)).toBe(true);
    // A facilitator's own read is their work, not a staff read.
    await facilitator.request({ url: at('attendance') });
    const again = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'attendance.read_by_staff'));
    expect(again).toHaveLength(4);
  });
});

describe('checking in with a code', () => {
  it('shows facilitators a 6-character code for this occurrence only', async () => {
    const res = await facilitator.request({ url: at('check-in-code') });
    expect(res.statusCode, res.body).toBe(200);
    const { code, isValidNow, validFrom, validUntil } = res.json();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(isValidNow).toBe(true);
    expect(validFrom).toBe('2026-03-03T23:30:00.000Z');
    expect(validUntil).toBe('2026-03-04T01:00:00.000Z');
    const next = await facilitator.request({
      url: at('check-in-code', inPerson.slug, '2026-03-10'),
    });
    expect(next.json().code).not.toBe(code);
    const onlineCode = await facilitator.request({
      url: at('check-in-code', online.slug, THURSDAY),
    });
    expect(onlineCode.statusCode).toBe(409);
  });

  it('checks a member in with the right code, however it is typed', async () => {
    const { code } = (await facilitator.request({ url: at('check-in-code') })).json();
    const typed = `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`.replace(/0/g, 'o');
    const res = await members[5]!.request({
      method: 'POST',
      url: at('check-in'),
      payload: { code: typed },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ occurrenceId: TUESDAY, source: 'code' });
    const list = (
      await facilitator.request({ url: at('attendance') })
    ).json() as OccurrenceAttendance;
    expect(list.people.find((p) => p.userId === members[5]!.user.id)).toMatchObject({
      present: true,
      source: 'code',
    });
  });

  it('answers a wrong code with 400 naming body.code, then limits the attempts', async () => {
    const who = members[6]!;
    const wrong = await who.request({
      method: 'POST',
      url: at('check-in'),
      payload: { code: 'ZZZZZZ' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(fields(wrong.body)).toEqual(['body.code']);
    for (let i = 0; i < 4; i++) {
      await who.request({ method: 'POST', url: at('check-in'), payload: { code: 'ZZZZZZ' } });
    }
    const limited = await who.request({
      method: 'POST',
      url: at('check-in'),
      payload: { code: 'ZZZZZZ' },
    });
    expect(limited.statusCode).toBe(429);
    const empty = await members[4]!.request({
      method: 'POST',
      url: at('check-in'),
      payload: { code: '' },
    });
    expect(empty.statusCode).toBe(400);
    expect(fields(empty.body)).toEqual(['body.code']);
  });

  it('refuses an expired code, outsiders, and online meetings', async () => {
    const { code } = (await facilitator.request({ url: at('check-in-code') })).json();
    const outside = await outsider.request({
      method: 'POST',
      url: at('check-in'),
      payload: { code },
    });
    expect(outside.statusCode).toBe(404);
    const gone = await removed.request({ method: 'POST', url: at('check-in'), payload: { code } });
    expect(gone.statusCode).toBe(404);
    const onlineCheckIn = await members[4]!.request({
      method: 'POST',
      url: at('check-in', online.slug, THURSDAY),
      payload: { code },
    });
    expect(onlineCheckIn.statusCode).toBe(409);
    t.clock.set('2026-03-04T01:01:00Z');
    const late = await members[4]!.request({
      method: 'POST',
      url: at('check-in'),
      payload: { code },
    });
    expect(late.statusCode).toBe(400);
    expect(fields(late.body)).toEqual(['body.code']);
    expect(late.json().error.details[0].issue).toBe('check_in_closed');
  });
});

describe('the after-meeting question', () => {
  const answer = (who: SignedIn, rating: number, comment?: string) =>
    who.request({
      method: 'POST',
      url: at('survey'),
      payload: comment === undefined ? { rating } : { rating, comment },
    });
  const aggregate = async () => {
    const res = await facilitator.request({ url: at('survey') });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as SurveyAggregate;
  };

  it('asks those who attended, on their home, and nobody else', async () => {
    t.clock.set('2026-03-04T12:00:00Z');
    const home = (
      await members[0]!.request({ url: '/api/me/home?tz=America/New_York' })
    ).json() as MemberHome;
    expect(home.attendanceThisWeek).toBe(1);
    expect(home.pendingSurveys).toEqual([
      expect.objectContaining({
        meetingSlug: inPerson.slug,
        occurrenceId: TUESDAY,
        answered: false,
      }),
    ]);
    const outsiderHome = (await outsider.request({ url: '/api/me/home' })).json() as MemberHome;
    expect(outsiderHome).toMatchObject({ attendanceThisWeek: 0, pendingSurveys: [] });
    expect((await answer(members[4]!, 5)).statusCode).toBe(403);
    expect((await answer(outsider, 5)).statusCode).toBe(403);
    const bad = await answer(members[0]!, 6, 'x'.repeat(1001));
    expect(bad.statusCode).toBe(400);
    expect(fields(bad.body).sort()).toEqual(['body.comment', 'body.rating']);
  });

  it('hides the results under 5 answers and shows counts only from 5 on', async () => {
    const comments = ['Felt heard today', 'Thank you all', null, null];
    for (const [i, c] of comments.entries()) {
      const res = await answer(members[i]!, i + 2 > 5 ? 5 : i + 2, c ?? undefined);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ answered: true, changed: false });
    }
    expect(await aggregate()).toEqual({
      count: 4,
      minAnswers: 5,
      shown: false,
      mean: null,
      distribution: null,
      comments: [],
    });
    expect((await answer(members[5]!, 1, 'Too short')).statusCode).toBe(200);
    const shown = await aggregate();
    expect(shown).toMatchObject({ count: 5, shown: true, distribution: [1, 1, 1, 1, 1], mean: 3 });
    expect([...shown.comments].sort()).toEqual(['Felt heard today', 'Thank you all', 'Too short']);
    // An admin sees the same; a member does not.
    expect((await admin.request({ url: at('survey') })).json()).toMatchObject({ count: 5 });
  });

  it('lets someone change their answer once given, without a second answer', async () => {
    const res = await answer(members[5]!, 4);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ changed: true });
    const after = await aggregate();
    expect(after).toMatchObject({ count: 5, distribution: [0, 1, 1, 2, 1] });
    expect(after.comments).not.toContain('Too short');
    const surveys = (
      await members[5]!.request({ url: '/api/me/attendance/surveys' })
    ).json() as PendingSurveyList;
    expect(surveys.surveys).toEqual([expect.objectContaining({ answered: true })]);
    const home = (await members[5]!.request({ url: '/api/me/home' })).json() as MemberHome;
    expect(home.pendingSurveys).toEqual([]);
  });

  it('stores answers with nothing that leads to who gave them', async () => {
    const columns = getTableConfig(surveyAnswers).columns.map((c) => c.name);
    expect(columns.sort()).toEqual(
      ['comment', 'created_on', 'id', 'meeting_id', 'occurrence_id', 'rating'].sort(),
    );
    const answers = await t.database.db.select().from(surveyAnswers);
    const markers = await t.database.db.select().from(surveyAnswered);
    expect(markers).toHaveLength(5);
    for (const m of markers) {
      for (const a of answers) expect(m.answerRef).not.toContain(a.id);
    }
    // No route shows who answered: the aggregate names nobody.
    const body = (await facilitator.request({ url: at('survey') })).body;
    for (const m of members) {
      expect(body).not.toContain(m.user.id);
      expect(body).not.toContain(m.user.displayName!);
    }
    const exported = await members[0]!.request({ url: '/api/account/export' });
    expect(exported.statusCode, exported.body).toBe(200);
    const doc = exported.json();
    expect(doc.meetingQuestionsAnswered).toEqual([
      expect.objectContaining({ meetingId: inPerson.id, occurrenceId: TUESDAY, answered: true }),
    ]);
    expect(doc.attendance.attended).toHaveLength(1);
    expect(exported.body).not.toContain('Felt heard today');
  });

  it('closes 7 days after the end, and forgets the link to the answer', async () => {
    t.clock.set('2026-03-11T01:01:00Z');
    expect((await answer(members[6]!, 3)).statusCode).toBe(403);
    expect((await answer(members[0]!, 3)).statusCode).toBe(409);
    const surveys = (
      await members[0]!.request({ url: '/api/me/attendance/surveys' })
    ).json() as PendingSurveyList;
    expect(surveys.surveys).toEqual([]);
    expect(await forgetClosedSurveyLinks({ db: t.database.db, clock: t.clock })).toBe(5);
    const markers = await t.database.db.select().from(surveyAnswered);
    expect(markers.every((m) => m.answerRef === null)).toBe(true);
  });
});

describe('online presence', () => {
  it('adds up the minutes of several visits, idempotently, and closes open ones', async () => {
    const deps = { db: t.database.db, clock: t.clock };
    const who = members[0]!.user.id;
    const event = (iso: string) => ({
      meetingId: online.id,
      occurrenceId: THURSDAY,
      userId: who,
      at: new Date(iso),
    });
    await onlineJoined(deps, event('2026-03-05T13:00:00Z'));
    await onlineJoined(deps, event('2026-03-05T13:05:00Z')); // a second tab: still from 13:00
    await onlineLeft(deps, event('2026-03-05T13:20:00Z'));
    await onlineLeft(deps, event('2026-03-05T13:21:00Z')); // already out: nothing changes
    await onlineJoined(deps, event('2026-03-05T13:30:00Z'));
    await onlineLeft(deps, event('2026-03-05T13:45:00Z'));
    await onlineJoined(deps, event('2026-03-05T13:50:00Z'));
    t.clock.set('2026-03-05T13:55:00Z');
    const live = (
      await facilitator.request({ url: at('attendance', online.slug, THURSDAY) })
    ).json() as OccurrenceAttendance;
    expect(live.people.find((p) => p.userId === who)).toMatchObject({
      present: true,
      source: 'online',
      inRoom: true,
      minutesPresent: 35,
    });
    expect(
      await closeOpenPresence(deps, {
        meetingId: online.id,
        occurrenceId: THURSDAY,
        at: new Date('2026-03-05T14:00:00Z'),
      }),
    ).toBe(1);
    const [row] = await t.database.db
      .select()
      .from(attendance)
      .where(and(eq(attendance.userId, who), eq(attendance.meetingId, online.id)));
    expect(row).toMatchObject({
      secondsPresent: 45 * 60,
      openSince: null,
      firstJoinedAt: new Date('2026-03-05T13:00:00Z'),
      lastLeftAt: new Date('2026-03-05T14:00:00Z'),
      startsAt: new Date('2026-03-05T13:00:00Z'),
    });
    const page = (
      await members[0]!.request({ url: '/api/me/attendance' })
    ).json() as MyAttendancePage;
    expect(page.items[0]).toMatchObject({
      occurrenceId: THURSDAY,
      source: 'online',
      minutesPresent: 45,
    });
    expect(page.total).toBe(2);
  });

  it('counts a presence left open by a restart only until the room closed', async () => {
    const deps = { db: t.database.db, clock: t.clock };
    const who = members[1]!.user.id;
    const key = { meetingId: online.id, occurrenceId: THURSDAY, userId: who };
    await onlineJoined(deps, { ...key, at: new Date('2026-03-05T13:40:00Z') });
    // The server stopped; it sweeps the next morning. The room closed at 14:15.
    expect(await closeOpenPresence(deps, { at: new Date('2026-03-06T09:00:00Z') })).toBe(1);
    const [row] = await t.database.db
      .select()
      .from(attendance)
      .where(and(eq(attendance.userId, who), eq(attendance.meetingId, online.id)));
    expect(row).toMatchObject({
      secondsPresent: 35 * 60,
      openSince: null,
      lastLeftAt: new Date('2026-03-05T14:15:00Z'),
    });
  });

  it('names a date the meeting does not meet on', async () => {
    const deps = { db: t.database.db, clock: t.clock };
    await expect(
      onlineJoined(deps, {
        meetingId: online.id,
        occurrenceId: '2026-03-06',
        userId: members[0]!.user.id,
        at: new Date(),
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
