import type { DbOrTx } from '../../db/client.ts';
import type { Actor, GroupContext } from '../../policies/index.ts';
import { loadGroup } from './meetings.groups.ts';
import * as repo from './meetings.repository.ts';
import { seriesOf, toOccurrenceExceptions } from './meetings.rules.ts';
import { getMeeting } from './meetings.service.ts';
import { occurrencesBetween, type Occurrence } from './recurrence.ts';

// What the notification system needs of meetings (reminders, cancellations), through this
// service: it never reads the meetings tables itself.

/** A meeting by slug and the actor's standing in its group, for choosing reminders. 404: none. */
export async function findMeetingForReminders(
  db: DbOrTx,
  actor: Actor,
  slug: string,
): Promise<{ id: string; slug: string; groupId: string; context: GroupContext }> {
  const row = await getMeeting(db, slug);
  const loaded = await loadGroup(db, actor, row.groupId);
  return { id: row.id, slug: row.slug, groupId: row.groupId, context: loaded.context };
}

export interface MeetingOccurrences {
  id: string;
  slug: string;
  groupId: string;
  /** Computed in the meeting's IANA zone; cancelled ones flagged, moved ones at their new time. */
  occurrences: Occurrence[];
}

/**
 * The occurrences of these meetings that start in [from, to) (meetings marked inactive or
 * gone are left out).
 */
export async function occurrencesStartingBetween(
  db: DbOrTx,
  meetingIds: readonly string[],
  from: Date,
  to: Date,
): Promise<MeetingOccurrences[]> {
  const rows = (await Promise.all(meetingIds.map((id) => repo.findMeetingById(db, id)))).filter(
    (r): r is repo.MeetingRow => r !== undefined && r.attendance !== 'inactive',
  );
  const exceptions = await repo.listExceptions(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    groupId: row.groupId,
    occurrences: occurrencesBetween(
      seriesOf(row),
      from,
      to,
      toOccurrenceExceptions(exceptions.filter((e) => e.meetingId === row.id)),
    ).filter((o) => o.start >= from && o.start < to),
  }));
}
