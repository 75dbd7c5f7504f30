import type { DbOrTx } from '../../db/client.ts';
import { invalidField, notFound } from '../../lib/errors.ts';
import * as repo from './meetings.repository.ts';
import type { MeetingRow } from './meetings.repository.ts';
import { seriesOf } from './meetings.rules.ts';
import { isOccurrence } from './recurrence.ts';
import { localToInstant } from './time-zones.ts';

/**
 * What the attendance module (and live rooms) need of one occurrence: the meeting, and
 * when the occurrence really happens (after a move), or whether it was cancelled.
 */
export interface MeetingOccurrence {
  meeting: Pick<MeetingRow, 'id' | 'slug' | 'name' | 'groupId' | 'attendance' | 'timezone'>;
  occurrenceId: string;
  start: Date;
  end: Date;
  cancelled: boolean;
  moved: boolean;
}

const MINUTE = 60_000;

/**
 * One occurrence of a meeting, by the meeting's id or slug and the occurrence's scheduled
 * local date. No such meeting: 404; a date the meeting does not meet on: 400 naming `field`.
 */
export async function getMeetingOccurrence(
  db: DbOrTx,
  meeting: { id: string } | { slug: string },
  occurrenceId: string,
  field = 'params.occurrenceId',
): Promise<MeetingOccurrence> {
  const row =
    'id' in meeting
      ? await repo.findMeetingById(db, meeting.id)
      : await repo.findMeetingBySlug(db, meeting.slug);
  if (!row) throw notFound('That meeting');
  const series = seriesOf(row);
  if (!isOccurrence(series, occurrenceId)) {
    throw invalidField(field, 'is not a date this meeting meets on');
  }
  const exception = await repo.findException(db, row.id, occurrenceId);
  const isMoved = Boolean(exception?.movedDate && exception.movedStartTime);
  const start = isMoved
    ? localToInstant(exception!.movedDate!, exception!.movedStartTime!, row.timezone)
    : localToInstant(occurrenceId, row.startTime, row.timezone);
  const minutes = (isMoved ? exception?.movedDurationMinutes : null) ?? row.durationMinutes;
  return {
    meeting: {
      id: row.id,
      slug: row.slug,
      name: row.name,
      groupId: row.groupId,
      attendance: row.attendance,
      timezone: row.timezone,
    },
    occurrenceId,
    start,
    end: new Date(start.getTime() + minutes * MINUTE),
    cancelled: exception?.cancelled === true,
    moved: isMoved,
  };
}

/** Name, slug and group of each meeting id that exists (for lists of occurrences). */
export async function describeMeetings(
  db: DbOrTx,
  ids: readonly string[],
): Promise<Map<string, Pick<MeetingRow, 'id' | 'slug' | 'name' | 'groupId'>>> {
  const found = new Map<string, Pick<MeetingRow, 'id' | 'slug' | 'name' | 'groupId'>>();
  for (const id of new Set(ids)) {
    const row = await repo.findMeetingById(db, id);
    if (row) found.set(id, { id: row.id, slug: row.slug, name: row.name, groupId: row.groupId });
  }
  return found;
}
