import type { AttendancePerson, MyAttendanceItem } from '../../../contracts/attendance.ts';
import type { GroupMemberView } from '../../../contracts/groups.ts';
import type { AttendanceRow } from './attendance.repository.ts';

const minutesOf = (row: AttendanceRow): number | null =>
  row.source === 'online' || row.secondsPresent > 0 ? Math.round(row.secondsPresent / 60) : null;

/** One line of a person's own history. */
export function presentHistoryItem(
  row: AttendanceRow,
  meeting: { slug: string; name: string },
  group: { slug: string; name: string },
): MyAttendanceItem {
  return {
    meetingSlug: meeting.slug,
    meetingName: meeting.name,
    group,
    occurrenceId: row.occurrenceId,
    start: row.startsAt.toISOString(),
    end: row.endsAt.toISOString(),
    source: row.source,
    minutesPresent: minutesOf(row),
  };
}

/** One person on a facilitator's list: display name and role only (never an email). */
export function presentPerson(
  member: GroupMemberView,
  row: AttendanceRow | undefined,
): AttendancePerson {
  return {
    userId: member.userId,
    displayName: member.displayName,
    role: member.role,
    present: row !== undefined,
    source: row?.source ?? null,
    minutesPresent: row ? minutesOf(row) : null,
    inRoom: row?.openSince != null,
  };
}
