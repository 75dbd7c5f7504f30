import { and, asc, desc, eq, inArray, like, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  calendarFeeds,
  groupMemberships,
  groups,
  meetingChangeRequests,
  meetingExceptions,
  meetings,
} from '../../db/schema/index.ts';

// The only code that reads or writes meetings, their exceptions, change requests and
// calendar feed tokens.

export type MeetingRow = typeof meetings.$inferSelect;
export type NewMeetingRow = typeof meetings.$inferInsert;
export type MeetingExceptionRow = typeof meetingExceptions.$inferSelect;
export type ChangeRequestRow = typeof meetingChangeRequests.$inferSelect;
export type CalendarFeedRow = typeof calendarFeeds.$inferSelect;

export async function findMeetingBySlug(db: DbOrTx, slug: string): Promise<MeetingRow | undefined> {
  const [row] = await db.select().from(meetings).where(eq(meetings.slug, slug)).limit(1);
  return row;
}

export async function findMeetingById(db: DbOrTx, id: string): Promise<MeetingRow | undefined> {
  const [row] = await db.select().from(meetings).where(eq(meetings.id, id)).limit(1);
  return row;
}

/** The meeting row locked for an update in this transaction. */
export async function lockMeeting(db: DbOrTx, id: string): Promise<MeetingRow | undefined> {
  const [row] = await db.select().from(meetings).where(eq(meetings.id, id)).for('update');
  return row;
}

export async function listMeetingsOfGroup(db: DbOrTx, groupId: string): Promise<MeetingRow[]> {
  return db
    .select()
    .from(meetings)
    .where(eq(meetings.groupId, groupId))
    .orderBy(asc(meetings.startTime), asc(meetings.name), asc(meetings.id));
}

/** Slugs equal to `base` or starting with `base-`, to pick a free one. */
export async function findSlugsLike(db: DbOrTx, base: string): Promise<string[]> {
  const escaped = base.replace(/[\\%_]/g, '\\$&');
  const rows = await db
    .select({ slug: meetings.slug })
    .from(meetings)
    .where(or(eq(meetings.slug, base), like(meetings.slug, `${escaped}-%`)));
  return rows.map((r) => r.slug);
}

export async function insertMeetings(
  db: DbOrTx,
  values: readonly NewMeetingRow[],
): Promise<MeetingRow[]> {
  if (values.length === 0) return [];
  return db
    .insert(meetings)
    .values([...values])
    .returning();
}

export async function updateMeeting(
  db: DbOrTx,
  id: string,
  patch: Partial<Omit<NewMeetingRow, 'id' | 'groupId' | 'createdAt'>>,
): Promise<MeetingRow> {
  const [row] = await db.update(meetings).set(patch).where(eq(meetings.id, id)).returning();
  return row!;
}

// --- exceptions ------------------------------------------------------------------------

export async function listExceptions(
  db: DbOrTx,
  meetingIds: readonly string[],
): Promise<MeetingExceptionRow[]> {
  if (meetingIds.length === 0) return [];
  return db
    .select()
    .from(meetingExceptions)
    .where(inArray(meetingExceptions.meetingId, [...meetingIds]))
    .orderBy(asc(meetingExceptions.occurrenceId));
}

export async function findException(
  db: DbOrTx,
  meetingId: string,
  occurrenceId: string,
): Promise<MeetingExceptionRow | undefined> {
  const [row] = await db
    .select()
    .from(meetingExceptions)
    .where(
      and(
        eq(meetingExceptions.meetingId, meetingId),
        eq(meetingExceptions.occurrenceId, occurrenceId),
      ),
    )
    .limit(1);
  return row;
}

export async function upsertException(
  db: DbOrTx,
  values: typeof meetingExceptions.$inferInsert,
): Promise<MeetingExceptionRow> {
  const { meetingId: _m, occurrenceId: _o, createdAt: _c, ...changes } = values;
  const [row] = await db
    .insert(meetingExceptions)
    .values(values)
    .onConflictDoUpdate({
      target: [meetingExceptions.meetingId, meetingExceptions.occurrenceId],
      set: changes,
    })
    .returning();
  return row!;
}

export async function deleteException(
  db: DbOrTx,
  meetingId: string,
  occurrenceId: string,
): Promise<boolean> {
  const rows = await db
    .delete(meetingExceptions)
    .where(
      and(
        eq(meetingExceptions.meetingId, meetingId),
        eq(meetingExceptions.occurrenceId, occurrenceId),
      ),
    )
    .returning({ id: meetingExceptions.meetingId });
  return rows.length > 0;
}

// --- change requests -------------------------------------------------------------------

export async function insertChangeRequest(
  db: DbOrTx,
  values: typeof meetingChangeRequests.$inferInsert,
): Promise<ChangeRequestRow> {
  const [row] = await db.insert(meetingChangeRequests).values(values).returning();
  return row!;
}

export async function lockChangeRequest(
  db: DbOrTx,
  id: string,
): Promise<ChangeRequestRow | undefined> {
  const [row] = await db
    .select()
    .from(meetingChangeRequests)
    .where(eq(meetingChangeRequests.id, id))
    .for('update');
  return row;
}

export async function findChangeRequest(
  db: DbOrTx,
  id: string,
): Promise<ChangeRequestRow | undefined> {
  const [row] = await db
    .select()
    .from(meetingChangeRequests)
    .where(eq(meetingChangeRequests.id, id))
    .limit(1);
  return row;
}

export async function decideChangeRequest(
  db: DbOrTx,
  id: string,
  patch: { status: 'accepted' | 'rejected'; decidedById: string; decidedAt: Date },
): Promise<ChangeRequestRow> {
  const [row] = await db
    .update(meetingChangeRequests)
    .set(patch)
    .where(eq(meetingChangeRequests.id, id))
    .returning();
  return row!;
}

export interface ChangeRequestWithMeeting {
  request: ChangeRequestRow;
  meeting: MeetingRow;
}

/** Change requests with their meetings, oldest first, for the given meetings or groups. */
export async function listChangeRequests(
  db: DbOrTx,
  filter: {
    status: ChangeRequestRow['status'];
    meetingId?: string;
    groupId?: string;
    /** Only groups where this person is an active facilitator. */
    facilitatorId?: string;
  },
): Promise<ChangeRequestWithMeeting[]> {
  const conditions = [eq(meetingChangeRequests.status, filter.status)];
  if (filter.meetingId) conditions.push(eq(meetingChangeRequests.meetingId, filter.meetingId));
  if (filter.groupId) conditions.push(eq(meetings.groupId, filter.groupId));
  let query = db
    .select({ request: meetingChangeRequests, meeting: meetings })
    .from(meetingChangeRequests)
    .innerJoin(meetings, eq(meetings.id, meetingChangeRequests.meetingId))
    .$dynamic();
  if (filter.facilitatorId) {
    query = query.innerJoin(
      groupMemberships,
      and(
        eq(groupMemberships.groupId, meetings.groupId),
        eq(groupMemberships.userId, filter.facilitatorId),
        eq(groupMemberships.status, 'active'),
        eq(groupMemberships.role, 'facilitator'),
      ),
    );
  }
  return query
    .where(and(...conditions))
    .orderBy(asc(meetingChangeRequests.createdAt), asc(meetingChangeRequests.id))
    .limit(500);
}

/** A person's own change requests, newest first. */
export async function listOwnChangeRequests(
  db: DbOrTx,
  requesterId: string,
  status?: ChangeRequestRow['status'],
): Promise<ChangeRequestWithMeeting[]> {
  const conditions = [eq(meetingChangeRequests.requesterId, requesterId)];
  if (status) conditions.push(eq(meetingChangeRequests.status, status));
  return db
    .select({ request: meetingChangeRequests, meeting: meetings })
    .from(meetingChangeRequests)
    .innerJoin(meetings, eq(meetings.id, meetingChangeRequests.meetingId))
    .where(and(...conditions))
    .orderBy(desc(meetingChangeRequests.createdAt), desc(meetingChangeRequests.id))
    .limit(200);
}

// --- calendar feeds --------------------------------------------------------------------

export async function findCalendarFeed(
  db: DbOrTx,
  userId: string,
): Promise<CalendarFeedRow | undefined> {
  const [row] = await db
    .select()
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .limit(1);
  return row;
}

export async function findCalendarFeedByHash(
  db: DbOrTx,
  tokenHash: string,
): Promise<CalendarFeedRow | undefined> {
  const [row] = await db
    .select()
    .from(calendarFeeds)
    .where(eq(calendarFeeds.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/** Creates the person's feed, or replaces its token (the old URL stops working). */
export async function upsertCalendarFeed(
  db: DbOrTx,
  userId: string,
  tokenHash: string,
  now: Date,
): Promise<CalendarFeedRow> {
  const [row] = await db
    .insert(calendarFeeds)
    .values({ userId, tokenHash, createdAt: now })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash, createdAt: now } })
    .returning();
  return row!;
}

export async function deleteCalendarFeed(db: DbOrTx, userId: string): Promise<boolean> {
  const rows = await db
    .delete(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .returning({ userId: calendarFeeds.userId });
  return rows.length > 0;
}

// --- personal data (account export and deletion) -----------------------------------------

/** Meetings of the groups where the person's membership is active, with its group's standing. */
export async function listMeetingsOfActiveMemberships(db: DbOrTx, userId: string) {
  return db
    .select({
      meeting: meetings,
      groupIsOpen: groups.isOpen,
      membershipStatus: groupMemberships.status,
      membershipRole: groupMemberships.role,
    })
    .from(meetings)
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .innerJoin(
      groupMemberships,
      and(
        eq(groupMemberships.groupId, meetings.groupId),
        eq(groupMemberships.userId, userId),
        eq(groupMemberships.status, 'active'),
      ),
    )
    .orderBy(asc(meetings.name), asc(meetings.id));
}

/** Suggestions the person made, with the meeting's slug and name. */
export async function listChangeRequestsByRequester(db: DbOrTx, userId: string) {
  return db
    .select({
      id: meetingChangeRequests.id,
      meetingSlug: meetings.slug,
      meetingName: meetings.name,
      status: meetingChangeRequests.status,
      proposed: meetingChangeRequests.proposed,
      note: meetingChangeRequests.note,
      createdAt: meetingChangeRequests.createdAt,
      decidedAt: meetingChangeRequests.decidedAt,
    })
    .from(meetingChangeRequests)
    .innerJoin(meetings, eq(meetings.id, meetingChangeRequests.meetingId))
    .where(eq(meetingChangeRequests.requesterId, userId))
    .orderBy(asc(meetingChangeRequests.createdAt), asc(meetingChangeRequests.id));
}

/** Suggestions the person decided as staff: what and when, never the requester or their note. */
export async function listChangeRequestsDecidedBy(db: DbOrTx, userId: string) {
  return db
    .select({
      id: meetingChangeRequests.id,
      meetingSlug: meetings.slug,
      status: meetingChangeRequests.status,
      decidedAt: meetingChangeRequests.decidedAt,
    })
    .from(meetingChangeRequests)
    .innerJoin(meetings, eq(meetings.id, meetingChangeRequests.meetingId))
    .where(eq(meetingChangeRequests.decidedById, userId))
    .orderBy(asc(meetingChangeRequests.decidedAt), asc(meetingChangeRequests.id));
}

/** Removes the person's suggestions (with their notes) and their name from decisions. */
export async function deleteChangeRequestsOf(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(meetingChangeRequests).where(eq(meetingChangeRequests.requesterId, userId));
  await db
    .update(meetingChangeRequests)
    .set({ decidedById: null })
    .where(eq(meetingChangeRequests.decidedById, userId));
}
