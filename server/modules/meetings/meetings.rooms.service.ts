import type { DbOrTx } from '../../db/client.ts';
import {
  meetingVisibility,
  projectMeeting,
  projectOccurrence,
  type Actor,
  type GroupContext,
  type MeetingVisibility,
  type PolicyContext,
} from '../../policies/index.ts';
import { loadGroupContext } from '../groups/groups.service.ts';
import * as repo from './meetings.repository.ts';
import { recurrenceOf, type Attendance } from './meetings.rules.ts';
import { isOccurrence } from './recurrence.ts';
import { localToInstant } from './time-zones.ts';

const MINUTE = 60_000;

/**
 * One occurrence of a meeting as a live room needs it (the rooms module reads meetings
 * only through this): the meeting, its group with the reader's standing, the occurrence's
 * times (moved or cancelled) and, as the meeting policy lets the reader see them, its
 * topic, reading and video link.
 */
export interface RoomOccurrence {
  meeting: { id: string; slug: string; name: string; attendance: Attendance; timezone: string };
  group: { id: string; slug: string; name: string; isOpen: boolean; agreement: string };
  context: GroupContext;
  visibility: MeetingVisibility;
  occurrenceId: string;
  start: Date;
  end: Date;
  cancelled: boolean;
  moved: boolean;
  topic: string | null;
  literature: string | null;
  conferenceUrl: string | null;
}

/**
 * The occurrence `occurrenceId` (its scheduled local date) of the meeting `slugOrId`, or
 * undefined when there is no such meeting or the series has no occurrence on that date.
 */
export async function loadRoomOccurrence(
  db: DbOrTx,
  policy: PolicyContext,
  actor: Actor | null,
  ref: { meetingSlug: string } | { meetingId: string },
  occurrenceId: string,
): Promise<RoomOccurrence | undefined> {
  const row =
    'meetingId' in ref
      ? await repo.findMeetingById(db, ref.meetingId)
      : await repo.findMeetingBySlug(db, ref.meetingSlug);
  if (!row) return undefined;
  const series = {
    timezone: row.timezone,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    recurrence: recurrenceOf(row),
  };
  if (!isOccurrence(series, occurrenceId)) return undefined;
  const { group, context } = await loadGroupContext(db, actor, row.groupId);
  const exception = await repo.findException(db, row.id, occurrenceId);
  const moved = Boolean(exception?.movedDate && exception.movedStartTime);
  const start = moved
    ? localToInstant(exception!.movedDate!, exception!.movedStartTime!, row.timezone)
    : localToInstant(occurrenceId, row.startTime, row.timezone);
  const minutes = (moved ? exception?.movedDurationMinutes : null) ?? row.durationMinutes;
  const visibility = meetingVisibility(actor, context, policy);
  const content = projectOccurrence(
    { topic: exception?.topic ?? null, literature: exception?.literature ?? null },
    visibility,
  );
  const join = projectMeeting({ conferenceUrl: row.conferenceUrl }, visibility);
  return {
    meeting: {
      id: row.id,
      slug: row.slug,
      name: row.name,
      attendance: row.attendance,
      timezone: row.timezone,
    },
    group: {
      id: group.id,
      slug: group.slug,
      name: group.name,
      isOpen: group.isOpen,
      agreement: group.agreement,
    },
    context,
    visibility,
    occurrenceId,
    start,
    end: new Date(start.getTime() + minutes * MINUTE),
    cancelled: exception?.cancelled === true,
    moved,
    topic: content.topic,
    literature: content.literature,
    conferenceUrl: join.conferenceUrl ?? null,
  };
}
