import type { Jobs } from '../../lib/jobs.ts';
import type {
  CheckInBody,
  CheckInCode,
  CheckInResult,
  MarkAttendanceBody,
  MyAttendancePage,
  OccurrenceAttendance,
  PendingSurvey,
  PendingSurveyList,
  SurveyAggregate,
  SurveyAnswered,
} from '../../../contracts/attendance.ts';
import { ATTENDANCE_PAGE_SIZE, SURVEY_DAYS, SurveyBody } from '../../../contracts/attendance.ts';
import type { DbOrTx } from '../../db/client.ts';
import { conflict, invalidField, rateLimited } from '../../lib/errors.ts';
import type { AttemptLimiter } from '../../lib/rate-limit.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { authorize, isStaffRead, type Actor } from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { listMembers, loadGroupContext } from '../groups/groups.service.ts';
import {
  describeMeetings,
  getMeetingOccurrence,
  type MeetingOccurrence,
} from '../meetings/meetings.attendance.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentHistoryItem, presentPerson } from './attendance.presenter.ts';
import * as repo from './attendance.repository.ts';
import {
  checkInCode,
  checkInWindow,
  isRightCode,
  isWithin,
  surveyAggregate,
  surveyClosesAt,
  weekAround,
} from './attendance.rules.ts';

/**
 * Attendance: online presence (called by the live rooms), marks by facilitators, check-in
 * with a code, a person's own history and weekly count, and the after-meeting question.
 */

/** What the presence functions need: the live rooms call them with their own deps. */
export type PresenceDeps = Pick<ServiceDeps, 'db' | 'clock'>;

export interface AttendanceDeps extends ServiceDeps {
  /** The key check-in codes are made with (`checkInKey(config.sessionSecret)`). */
  checkInKey: Buffer;
  /** Seals a survey marker's link to its answer (SecretBox purpose `survey-answer`). */
  surveyBox: SecretBox;
  /** Wrong check-in codes, per person and occurrence. */
  checkInLimiter: AttemptLimiter;
}

export interface PresenceEvent {
  meetingId: string;
  /** The occurrence's scheduled local date, YYYY-MM-DD. */
  occurrenceId: string;
  userId: string;
  at: Date;
}

// --- online presence (the live rooms call these) -----------------------------------------

/**
 * A person's first socket entered the occurrence's room: they are present from `at`.
 * Idempotent: while they are already counted as in the room, nothing changes.
 */
export async function onlineJoined(deps: PresenceDeps, event: PresenceEvent): Promise<void> {
  const occurrence = await getMeetingOccurrence(
    deps.db,
    { id: event.meetingId },
    event.occurrenceId,
    'occurrenceId',
  );
  await repo.openPresence(deps.db, {
    meetingId: event.meetingId,
    occurrenceId: event.occurrenceId,
    userId: event.userId,
    startsAt: occurrence.start,
    endsAt: occurrence.end,
    at: event.at,
  });
}

/**
 * A person's last socket left the room: the time since they joined is added to their
 * minutes present. Idempotent: a second call (or one without a join) changes nothing.
 */
export async function onlineLeft(deps: PresenceDeps, event: PresenceEvent): Promise<void> {
  await repo.closePresence(
    deps.db,
    { meetingId: event.meetingId, occurrenceId: event.occurrenceId, userId: event.userId },
    event.at,
  );
}

/**
 * Closes every presence still open at `at`: for one occurrence when the room closes, or for
 * every room (meetingId and occurrenceId left out) when the server starts again after a
 * stop with people counted as in rooms. Returns how many were closed.
 */
export async function closeOpenPresence(
  deps: PresenceDeps,
  where: { meetingId?: string; occurrenceId?: string; at: Date; onlyClosedRooms?: boolean },
): Promise<number> {
  return repo.closePresence(
    deps.db,
    {
      meetingId: where.meetingId,
      occurrenceId: where.occurrenceId,
      ...(where.onlyClosedRooms ? { roomClosedBy: where.at } : {}),
    },
    where.at,
  );
}

export const PRESENCE_SWEEP_JOB = 'attendance-close-presence';

/**
 * Every minute, presences still open in rooms that have closed are closed at the room's
 * close (someone whose page stayed open, or an instance that died): attendance never counts
 * past a meeting. A job (server/lib/jobs.ts), so it runs once across instances.
 */
export async function registerAttendanceJobs(jobs: Jobs, deps: PresenceDeps): Promise<void> {
  await jobs.work(PRESENCE_SWEEP_JOB, async () => {
    await closeOpenPresence(deps, { at: deps.clock.now(), onlyClosedRooms: true });
  });
  await jobs.schedule(PRESENCE_SWEEP_JOB, '* * * * *');
}

// --- a person's own -----------------------------------------------------------------------

async function groupsById(db: DbOrTx, ids: Iterable<string>) {
  const found = new Map<string, { slug: string; name: string }>();
  for (const id of new Set(ids)) {
    const { group } = await loadGroupContext(db, null, id);
    found.set(id, { slug: group.slug, name: group.name });
  }
  return found;
}

/** One page of the person's own attendance, latest first. */
export async function listMyAttendance(
  deps: ServiceDeps,
  actor: Actor,
  page: number,
): Promise<MyAttendancePage> {
  authorize(actor, 'attendance.read_own', { ownerId: actor.userId }, deps.policy);
  const { rows, total } = await repo.listOwnAttendance(deps.db, actor.userId, {
    offset: (page - 1) * ATTENDANCE_PAGE_SIZE,
    limit: ATTENDANCE_PAGE_SIZE,
  });
  const meetings = await describeMeetings(
    deps.db,
    rows.map((r) => r.meetingId),
  );
  const groups = await groupsById(
    deps.db,
    [...meetings.values()].map((m) => m.groupId),
  );
  return {
    items: rows.flatMap((row) => {
      const meeting = meetings.get(row.meetingId);
      const group = meeting && groups.get(meeting.groupId);
      return meeting && group ? [presentHistoryItem(row, meeting, group)] : [];
    }),
    page,
    pageSize: ATTENDANCE_PAGE_SIZE,
    total,
    pageCount: Math.ceil(total / ATTENDANCE_PAGE_SIZE),
  };
}

const SURVEY_MS = SURVEY_DAYS * 24 * 60 * 60_000;

/** The occurrences the person attended whose question is still open, answered or not. */
async function openSurveysOf(deps: PresenceDeps, userId: string): Promise<PendingSurvey[]> {
  const now = deps.clock.now();
  const rows = await repo.listOwnOpenForSurvey(
    deps.db,
    userId,
    now,
    new Date(now.getTime() - SURVEY_MS),
  );
  if (rows.length === 0) return [];
  const meetings = await describeMeetings(
    deps.db,
    rows.map((r) => r.meetingId),
  );
  const markers = await repo.listMarkersOf(deps.db, userId, [...meetings.keys()]);
  const answered = new Set(markers.map((m) => `${m.meetingId}/${m.occurrenceId}`));
  return rows.flatMap((row) => {
    const meeting = meetings.get(row.meetingId);
    if (!meeting) return [];
    return [
      {
        meetingSlug: meeting.slug,
        meetingName: meeting.name,
        occurrenceId: row.occurrenceId,
        start: row.startsAt.toISOString(),
        end: row.endsAt.toISOString(),
        answerableUntil: surveyClosesAt(row.endsAt).toISOString(),
        answered: answered.has(`${row.meetingId}/${row.occurrenceId}`),
      },
    ];
  });
}

/** The person's open after-meeting questions (GET /api/me/attendance/surveys). */
export async function listMySurveys(deps: ServiceDeps, actor: Actor): Promise<PendingSurveyList> {
  authorize(actor, 'attendance.read_own', { ownerId: actor.userId }, deps.policy);
  return { surveys: await openSurveysOf(deps, actor.userId) };
}

/**
 * For the person's home: how many meetings they attended this week (Monday to Sunday in
 * `zone`) and the questions they have not answered yet. The caller has authorized.
 */
export async function attendanceForHome(
  deps: PresenceDeps,
  userId: string,
  zone: string,
): Promise<{ attendanceThisWeek: number; pendingSurveys: PendingSurvey[] }> {
  const week = weekAround(deps.clock.now(), zone);
  return {
    attendanceThisWeek: await repo.countOwnStartingBetween(deps.db, userId, week.from, week.to),
    pendingSurveys: (await openSurveysOf(deps, userId)).filter((s) => !s.answered),
  };
}

// --- a group's attendance (facilitators, admins) -------------------------------------------

interface Loaded {
  occurrence: MeetingOccurrence;
  group: { id: string; slug: string; name: string; isOpen: boolean };
  context: Awaited<ReturnType<typeof loadGroupContext>>['context'];
}

async function load(
  db: DbOrTx,
  actor: Actor | null,
  slug: string,
  occurrenceId: string,
): Promise<Loaded> {
  const occurrence = await getMeetingOccurrence(db, { slug }, occurrenceId);
  const { group, context } = await loadGroupContext(db, actor, occurrence.meeting.groupId);
  return { occurrence, group, context };
}

const keyOf = (o: MeetingOccurrence) => ({
  meetingId: o.meeting.id,
  occurrenceId: o.occurrenceId,
});

const hasCheckIn = (o: MeetingOccurrence) =>
  o.meeting.attendance === 'in_person' || o.meeting.attendance === 'hybrid';

async function attendanceView(
  deps: ServiceDeps,
  actor: Actor,
  loaded: Loaded,
): Promise<OccurrenceAttendance> {
  const { occurrence, group } = loaded;
  const { members } = await listMembers(deps, actor, group.slug);
  const rows = await repo.listOccurrenceAttendance(deps.db, keyOf(occurrence));
  const byUser = new Map(rows.map((r) => [r.userId, r]));
  const listed = new Set(members.map((m) => m.userId));
  return {
    meeting: {
      slug: occurrence.meeting.slug,
      name: occurrence.meeting.name,
      attendance: occurrence.meeting.attendance,
    },
    group: { slug: group.slug, name: group.name },
    occurrenceId: occurrence.occurrenceId,
    start: occurrence.start.toISOString(),
    end: occurrence.end.toISOString(),
    cancelled: occurrence.cancelled,
    checkIn: hasCheckIn(occurrence),
    people: members.map((m) => presentPerson(m, byUser.get(m.userId))),
    othersPresent: rows.filter((r) => !listed.has(r.userId)).length,
  };
}

/**
 * Who came to one occurrence: the group's active people, each present or not. For its
 * facilitators and admins; an admin's read is audited once for each person shown present,
 * so it appears in their own activity log.
 */
export async function getOccurrenceAttendance(
  deps: ServiceDeps,
  actor: Actor,
  slug: string,
  occurrenceId: string,
): Promise<OccurrenceAttendance> {
  const loaded = await load(deps.db, actor, slug, occurrenceId);
  authorize(actor, 'attendance.read_group', loaded.context, deps.policy);
  const view = await attendanceView(deps, actor, loaded);
  if (isStaffRead(actor, loaded.context)) {
    const present = view.people.filter((p) => p.present).map((p) => p.userId);
    await deps.db.transaction(async (tx) => {
      for (const subjectId of present.length > 0 ? present : [null]) {
        await recordAudit(tx, deps.clock, {
          actorId: actor.userId,
          subjectId,
          action: 'attendance.read_by_staff',
          resourceType: 'meeting',
          resourceId: loaded.occurrence.meeting.id,
          meta: { occurrenceId, groupId: loaded.group.id },
        });
      }
    });
  }
  return view;
}

/**
 * Marks people present or not at an occurrence (facilitators, admins). Only the group's
 * active people can be marked; unmarking removes the record whatever made it.
 */
export async function markAttendance(
  deps: ServiceDeps,
  actor: Actor,
  slug: string,
  occurrenceId: string,
  body: MarkAttendanceBody,
): Promise<OccurrenceAttendance> {
  const first = await load(deps.db, actor, slug, occurrenceId);
  authorize(actor, 'attendance.mark', first.context, deps.policy);
  const { occurrence } = first;
  if (occurrence.cancelled) throw conflict('This occurrence was cancelled.');
  const now = deps.clock.now();
  if (now < checkInWindow(occurrence).from) {
    throw conflict('Attendance can be marked from 30 minutes before the meeting starts.');
  }
  const { members } = await listMembers(deps, actor, first.group.slug);
  const active = new Set(members.map((m) => m.userId));
  body.marks.forEach((mark, i) => {
    if (!active.has(mark.userId)) {
      throw invalidField(`body.marks.${i}.userId`, 'is not an active member of this group');
    }
  });
  await deps.db.transaction(async (tx) => {
    // Again inside the transaction: the actor may have lost the group since.
    const loaded = await load(tx, actor, slug, occurrenceId);
    authorize(actor, 'attendance.mark', loaded.context, deps.policy);
    const key = keyOf(occurrence);
    const present = body.marks.filter((m) => m.present).map((m) => m.userId);
    const absent = body.marks.filter((m) => !m.present).map((m) => m.userId);
    await repo.insertPresent(
      tx,
      present.map((userId) => ({
        ...key,
        userId,
        source: 'marked' as const,
        startsAt: occurrence.start,
        endsAt: occurrence.end,
        markedBy: actor.userId,
        at: now,
      })),
    );
    await repo.deleteAttendanceOf(tx, key, absent);
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'attendance.marked',
      resourceType: 'meeting',
      resourceId: occurrence.meeting.id,
      meta: { occurrenceId, present: present.length, absent: absent.length },
    });
  });
  return attendanceView(deps, actor, first);
}

function requireCheckIn(occurrence: MeetingOccurrence): void {
  if (!hasCheckIn(occurrence)) {
    throw conflict('This meeting meets online: attendance is recorded in its room.');
  }
  if (occurrence.cancelled) throw conflict('This occurrence was cancelled.');
}

/** The occurrence's check-in code, for its facilitators to show (in-person and hybrid). */
export async function getCheckInCode(
  deps: AttendanceDeps,
  actor: Actor,
  slug: string,
  occurrenceId: string,
): Promise<CheckInCode> {
  const { occurrence, context } = await load(deps.db, actor, slug, occurrenceId);
  authorize(actor, 'attendance.mark', context, deps.policy);
  requireCheckIn(occurrence);
  const window = checkInWindow(occurrence);
  return {
    code: checkInCode(deps.checkInKey, occurrence.meeting.id, occurrenceId),
    validFrom: window.from.toISOString(),
    validUntil: window.until.toISOString(),
    isValidNow: isWithin(deps.clock.now(), window),
  };
}

/**
 * A member checks in to an in-person occurrence with the code their facilitator shows. It
 * works from shortly before the start to the end; wrong codes are limited per person and
 * occurrence. Checking in twice is fine.
 */
export async function checkIn(
  deps: AttendanceDeps,
  actor: Actor,
  slug: string,
  occurrenceId: string,
  body: CheckInBody,
): Promise<CheckInResult> {
  const { occurrence, context } = await load(deps.db, actor, slug, occurrenceId);
  authorize(actor, 'attendance.check_in', context, deps.policy);
  requireCheckIn(occurrence);
  const limitKey = `${actor.userId}|${occurrence.meeting.id}|${occurrenceId}`;
  const wait = await deps.checkInLimiter.retryAfter(limitKey);
  if (wait > 0) throw rateLimited(wait);
  if (!isWithin(deps.clock.now(), checkInWindow(occurrence))) {
    throw invalidField(
      'body.code',
      'check-in is open from 30 minutes before this meeting starts until it ends',
      'check_in_closed',
    );
  }
  const expected = checkInCode(deps.checkInKey, occurrence.meeting.id, occurrenceId);
  if (!isRightCode(expected, body.code)) {
    await deps.checkInLimiter.hit(limitKey);
    throw invalidField('body.code', 'is not the code for this meeting', 'wrong_code');
  }
  const key = keyOf(occurrence);
  await repo.insertPresent(deps.db, [
    {
      ...key,
      userId: actor.userId,
      source: 'code',
      startsAt: occurrence.start,
      endsAt: occurrence.end,
      markedBy: null,
      at: deps.clock.now(),
    },
  ]);
  const row = await repo.findAttendance(deps.db, { ...key, userId: actor.userId });
  return { occurrenceId, source: row?.source ?? 'code' };
}

// --- the after-meeting question -----------------------------------------------------------

/**
 * Answers (or changes the answer to) "How helpful was today's meeting?", for someone who
 * attended, from the start until SURVEY_DAYS after the end. The answer row names nobody;
 * the marker says the person answered, and holds the sealed answer id so they alone can
 * change it until the window closes (then the link is erased).
 */
export async function answerSurvey(
  deps: AttendanceDeps,
  actor: Actor,
  slug: string,
  occurrenceId: string,
  input: SurveyBody,
): Promise<SurveyAnswered> {
  const body = SurveyBody.parse(input);
  const occurrence = await getMeetingOccurrence(deps.db, { slug }, occurrenceId);
  const key = keyOf(occurrence);
  const attended = await repo.findAttendance(deps.db, { ...key, userId: actor.userId });
  authorize(actor, 'attendance.survey.answer', { attended: attended !== undefined }, deps.policy);
  const now = deps.clock.now();
  const closesAt = surveyClosesAt(occurrence.end);
  if (now < occurrence.start) throw conflict('This meeting has not started yet.');
  if (now > closesAt) throw conflict('The question for this meeting has closed.');
  const changed = await deps.db.transaction(async (tx) => {
    await repo.forgetExpiredLinks(tx, now);
    const marker = await repo.findMarker(tx, { ...key, userId: actor.userId });
    if (marker) {
      const answerId = marker.answerRef ? deps.surveyBox.open(marker.answerRef) : null;
      const updated =
        answerId !== null &&
        (await repo.updateAnswer(tx, answerId, key, {
          rating: body.rating,
          comment: body.comment,
        }));
      if (!updated) throw conflict('You have answered already; this answer can no longer change.');
      return true;
    }
    const answerId = await repo.insertAnswer(tx, {
      ...key,
      rating: body.rating,
      comment: body.comment,
      createdOn: now.toISOString().slice(0, 10),
    });
    const isNew = await repo.insertMarker(tx, {
      ...key,
      userId: actor.userId,
      answerRef: deps.surveyBox.seal(answerId),
      linkUntil: closesAt,
    });
    if (!isNew) throw conflict('You have answered already; please try again.');
    return false;
  });
  return { answered: true, changed, answerableUntil: closesAt.toISOString() };
}

/** What facilitators see of the answers: counts only, and only from 5 answers on. */
export async function getSurveyAggregate(
  deps: ServiceDeps,
  actor: Actor,
  slug: string,
  occurrenceId: string,
): Promise<SurveyAggregate> {
  const { occurrence, context } = await load(deps.db, actor, slug, occurrenceId);
  authorize(actor, 'attendance.read_group', context, deps.policy);
  return surveyAggregate(await repo.listAnswers(deps.db, keyOf(occurrence)));
}

/** Erases the sealed marker → answer links whose window has closed (a daily job may call it). */
export async function forgetClosedSurveyLinks(deps: PresenceDeps): Promise<number> {
  return repo.forgetExpiredLinks(deps.db, deps.clock.now());
}
