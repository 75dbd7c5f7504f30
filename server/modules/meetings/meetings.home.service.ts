import type { HomeMeeting } from '../../../contracts/home.ts';
import { meetingsSeenAsMember } from './meetings.personal-data.ts';
import * as repo from './meetings.repository.ts';
import { seriesOf, toOccurrenceExceptions } from './meetings.rules.ts';
import type { MeetingsDeps } from './meetings.service.ts';
import { nextOccurrences } from './recurrence.ts';

/**
 * The next `count` occurrences (in progress or upcoming, cancelled ones flagged) across the
 * meetings of the person's groups, each meeting as the policy lets them see it as a member
 * (the same rows as their private calendar feed), soonest first. Meetings marked inactive
 * are left out. The group is named by the caller (`groupOf`).
 */
export async function nextMeetingsSeenAsMember(
  deps: MeetingsDeps,
  userId: string,
  count: number,
): Promise<(Omit<HomeMeeting, 'group'> & { groupId: string })[]> {
  const rows = (await meetingsSeenAsMember(deps.db, userId)).filter(
    (row) => row.attendance !== 'inactive',
  );
  const exceptions = await repo.listExceptions(
    deps.db,
    rows.map((r) => r.id),
  );
  const now = deps.clock.now();
  return rows
    .flatMap((row) =>
      nextOccurrences(
        seriesOf(row),
        now,
        count,
        toOccurrenceExceptions(exceptions.filter((e) => e.meetingId === row.id)),
      ).map((o) => ({ row, o })),
    )
    .sort(
      (a, b) => a.o.start.getTime() - b.o.start.getTime() || a.row.name.localeCompare(b.row.name),
    )
    .slice(0, count)
    .map(({ row, o }) => ({
      meetingSlug: row.slug,
      meetingName: row.name,
      groupId: row.groupId,
      occurrenceId: o.occurrenceId,
      start: o.start.toISOString(),
      end: o.end.toISOString(),
      cancelled: o.cancelled === true,
      moved: o.moved === true,
      attendance: row.attendance,
      timezone: row.timezone,
      conferenceUrl: row.conferenceUrl,
      locationName: row.locationName,
    }));
}
