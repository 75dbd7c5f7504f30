import { and, count, desc, eq, gte, inArray, isNotNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { ROOM_CLOSES_AFTER_MIN } from '../../../contracts/rooms.ts';
import type { DbOrTx } from '../../db/client.ts';
import {
  attendance,
  surveyAnswered,
  surveyAnswers,
  type AttendanceRow,
  type SurveyAnsweredRow,
} from '../../db/schema/index.ts';

// The only code in the attendance module that queries the database.

export type { AttendanceRow, SurveyAnsweredRow };

interface OccurrenceKey {
  meetingId: string;
  occurrenceId: string;
}

const ofOccurrence = (k: OccurrenceKey) =>
  and(eq(attendance.meetingId, k.meetingId), eq(attendance.occurrenceId, k.occurrenceId));

/**
 * A socket of the person entered the room: a row is created, or an existing one (marked,
 * checked in, or left earlier) is "open" again. Already open: nothing changes.
 */
export async function openPresence(
  db: DbOrTx,
  row: OccurrenceKey & { userId: string; startsAt: Date; endsAt: Date; at: Date },
): Promise<void> {
  await db
    .insert(attendance)
    .values({
      meetingId: row.meetingId,
      occurrenceId: row.occurrenceId,
      userId: row.userId,
      source: 'online',
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      firstJoinedAt: row.at,
      openSince: row.at,
      createdAt: row.at,
      updatedAt: row.at,
    })
    .onConflictDoUpdate({
      target: [attendance.meetingId, attendance.occurrenceId, attendance.userId],
      set: {
        openSince: sql`coalesce(${attendance.openSince}, excluded.open_since)`,
        firstJoinedAt: sql`coalesce(${attendance.firstJoinedAt}, excluded.first_joined_at)`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/**
 * Closes open presences at `at` (at the latest ROOM_CLOSES_AFTER_MIN after the occurrence's
 * end): the time since `open_since` is added (never negative).
 * Narrowed by occurrence and person when given. Returns how many were closed.
 */
export async function closePresence(
  db: DbOrTx,
  where: Partial<OccurrenceKey> & { userId?: string; roomClosedBy?: Date },
  at: Date,
): Promise<number> {
  const conditions: SQL[] = [isNotNull(attendance.openSince)];
  if (where.roomClosedBy) {
    const by = where.roomClosedBy.toISOString();
    conditions.push(
      sql`${attendance.endsAt} + make_interval(mins => ${ROOM_CLOSES_AFTER_MIN}) <= ${by}::timestamptz`,
    );
  }
  if (where.meetingId) conditions.push(eq(attendance.meetingId, where.meetingId));
  if (where.occurrenceId) conditions.push(eq(attendance.occurrenceId, where.occurrenceId));
  if (where.userId) conditions.push(eq(attendance.userId, where.userId));
  const atIso = at.toISOString();
  // Never counted past the room's close (a sweep after a restart the next day counts the
  // meeting, not the night), and never before the person came in.
  const leftAt = sql`greatest(${attendance.openSince}, least(${atIso}::timestamptz, ${attendance.endsAt} + make_interval(mins => ${ROOM_CLOSES_AFTER_MIN})))`;
  const closed = await db
    .update(attendance)
    .set({
      secondsPresent: sql`${attendance.secondsPresent} + floor(extract(epoch from (${leftAt} - ${attendance.openSince})))::int`,
      lastLeftAt: sql`greatest(coalesce(${attendance.lastLeftAt}, ${leftAt}), ${leftAt})`,
      openSince: null,
      updatedAt: at,
    })
    .where(and(...conditions))
    .returning({ userId: attendance.userId });
  return closed.length;
}

export async function findAttendance(
  db: DbOrTx,
  key: OccurrenceKey & { userId: string },
): Promise<AttendanceRow | undefined> {
  const [row] = await db
    .select()
    .from(attendance)
    .where(and(ofOccurrence(key), eq(attendance.userId, key.userId)))
    .limit(1);
  return row;
}

export async function listOccurrenceAttendance(
  db: DbOrTx,
  key: OccurrenceKey,
): Promise<AttendanceRow[]> {
  return db.select().from(attendance).where(ofOccurrence(key));
}

/** Records people as present (a mark or a code); someone already recorded keeps their row. */
export async function insertPresent(
  db: DbOrTx,
  rows: (OccurrenceKey & {
    userId: string;
    source: 'marked' | 'code';
    startsAt: Date;
    endsAt: Date;
    markedBy: string | null;
    at: Date;
  })[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(attendance)
    .values(
      rows.map((r) => ({
        meetingId: r.meetingId,
        occurrenceId: r.occurrenceId,
        userId: r.userId,
        source: r.source,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        markedBy: r.markedBy,
        createdAt: r.at,
        updatedAt: r.at,
      })),
    )
    .onConflictDoNothing()
    .returning({ userId: attendance.userId });
  return inserted.length;
}

export async function deleteAttendanceOf(
  db: DbOrTx,
  key: OccurrenceKey,
  userIds: readonly string[],
): Promise<number> {
  if (userIds.length === 0) return 0;
  const gone = await db
    .delete(attendance)
    .where(and(ofOccurrence(key), inArray(attendance.userId, [...userIds])))
    .returning({ userId: attendance.userId });
  return gone.length;
}

/** One page of a person's attendance, latest occurrence first. */
export async function listOwnAttendance(
  db: DbOrTx,
  userId: string,
  page: { offset: number; limit: number },
): Promise<{ rows: AttendanceRow[]; total: number }> {
  const rows = await db
    .select()
    .from(attendance)
    .where(eq(attendance.userId, userId))
    .orderBy(desc(attendance.startsAt), desc(attendance.occurrenceId))
    .offset(page.offset)
    .limit(page.limit);
  const [total] = await db
    .select({ n: count() })
    .from(attendance)
    .where(eq(attendance.userId, userId));
  return { rows, total: total?.n ?? 0 };
}

/** How many occurrences the person attended that start in [from, to). */
export async function countOwnStartingBetween(
  db: DbOrTx,
  userId: string,
  from: Date,
  to: Date,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(attendance)
    .where(
      and(
        eq(attendance.userId, userId),
        gte(attendance.startsAt, from),
        lt(attendance.startsAt, to),
      ),
    );
  return row?.n ?? 0;
}

/**
 * The person's attendance at occurrences whose question is open at `now`: started by now and
 * ended at or after `endedSince`. Latest first.
 */
export async function listOwnOpenForSurvey(
  db: DbOrTx,
  userId: string,
  now: Date,
  endedSince: Date,
): Promise<AttendanceRow[]> {
  return db
    .select()
    .from(attendance)
    .where(
      and(
        eq(attendance.userId, userId),
        lte(attendance.startsAt, now),
        gte(attendance.endsAt, endedSince),
      ),
    )
    .orderBy(desc(attendance.endsAt));
}

// --- personal data -----------------------------------------------------------------------

export async function listAllOwnAttendance(db: DbOrTx, userId: string) {
  return db
    .select({
      meetingId: attendance.meetingId,
      occurrenceId: attendance.occurrenceId,
      source: attendance.source,
      startsAt: attendance.startsAt,
      endsAt: attendance.endsAt,
      firstJoinedAt: attendance.firstJoinedAt,
      lastLeftAt: attendance.lastLeftAt,
      secondsPresent: attendance.secondsPresent,
      createdAt: attendance.createdAt,
    })
    .from(attendance)
    .where(eq(attendance.userId, userId))
    .orderBy(desc(attendance.startsAt));
}

/** How many attendance marks the person made as a facilitator (never whose). */
export async function countMarksBy(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(attendance)
    .where(eq(attendance.markedBy, userId));
  return row?.n ?? 0;
}

export async function deleteAllAttendanceOf(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(attendance).where(eq(attendance.userId, userId));
}

/** The marks stay (they are the members' attendance); who marked them is forgotten. */
export async function forgetMarksBy(db: DbOrTx, userId: string): Promise<void> {
  await db.update(attendance).set({ markedBy: null }).where(eq(attendance.markedBy, userId));
}

// --- the after-meeting question ----------------------------------------------------------

export async function findMarker(
  db: DbOrTx,
  key: OccurrenceKey & { userId: string },
): Promise<SurveyAnsweredRow | undefined> {
  const [row] = await db
    .select()
    .from(surveyAnswered)
    .where(
      and(
        eq(surveyAnswered.meetingId, key.meetingId),
        eq(surveyAnswered.occurrenceId, key.occurrenceId),
        eq(surveyAnswered.userId, key.userId),
      ),
    )
    .limit(1);
  return row;
}

export async function insertMarker(
  db: DbOrTx,
  row: OccurrenceKey & { userId: string; answerRef: string; linkUntil: Date },
): Promise<boolean> {
  const inserted = await db
    .insert(surveyAnswered)
    .values(row)
    .onConflictDoNothing()
    .returning({ userId: surveyAnswered.userId });
  return inserted.length > 0;
}

export async function insertAnswer(
  db: DbOrTx,
  row: OccurrenceKey & { rating: number; comment: string | null; createdOn: string },
): Promise<string> {
  const [inserted] = await db.insert(surveyAnswers).values(row).returning({ id: surveyAnswers.id });
  return inserted!.id;
}

export async function updateAnswer(
  db: DbOrTx,
  id: string,
  key: OccurrenceKey,
  fields: { rating: number; comment: string | null },
): Promise<boolean> {
  const updated = await db
    .update(surveyAnswers)
    .set(fields)
    .where(
      and(
        eq(surveyAnswers.id, id),
        eq(surveyAnswers.meetingId, key.meetingId),
        eq(surveyAnswers.occurrenceId, key.occurrenceId),
      ),
    )
    .returning({ id: surveyAnswers.id });
  return updated.length > 0;
}

/** Ratings and comments of an occurrence, and nothing that orders them in time. */
export async function listAnswers(
  db: DbOrTx,
  key: OccurrenceKey,
): Promise<{ rating: number; comment: string | null }[]> {
  return db
    .select({ rating: surveyAnswers.rating, comment: surveyAnswers.comment })
    .from(surveyAnswers)
    .where(
      and(
        eq(surveyAnswers.meetingId, key.meetingId),
        eq(surveyAnswers.occurrenceId, key.occurrenceId),
      ),
    );
}

export async function findAnswer(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      rating: surveyAnswers.rating,
      comment: surveyAnswers.comment,
      createdOn: surveyAnswers.createdOn,
    })
    .from(surveyAnswers)
    .where(eq(surveyAnswers.id, id))
    .limit(1);
  return row;
}

export async function listMarkersOf(
  db: DbOrTx,
  userId: string,
  meetingIds?: readonly string[],
): Promise<SurveyAnsweredRow[]> {
  const conditions: SQL[] = [eq(surveyAnswered.userId, userId)];
  if (meetingIds) {
    if (meetingIds.length === 0) return [];
    conditions.push(inArray(surveyAnswered.meetingId, [...meetingIds]));
  }
  return db
    .select()
    .from(surveyAnswered)
    .where(and(...conditions));
}

/** Once an answer can no longer change, the sealed link from marker to answer is erased. */
export async function forgetExpiredLinks(db: DbOrTx, now: Date): Promise<number> {
  const cleared = await db
    .update(surveyAnswered)
    .set({ answerRef: null })
    .where(and(isNotNull(surveyAnswered.answerRef), lt(surveyAnswered.linkUntil, now)))
    .returning({ userId: surveyAnswered.userId });
  return cleared.length;
}

export async function deleteMarkersOf(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(surveyAnswered).where(eq(surveyAnswered.userId, userId));
}

export async function deleteAnswers(db: DbOrTx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(surveyAnswers).where(inArray(surveyAnswers.id, [...ids]));
}
