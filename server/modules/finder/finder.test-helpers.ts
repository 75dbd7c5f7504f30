/**
 * Writes directory rows straight into the database for the finder's tests and benchmark
 * (the groups and meetings modules own the real write paths).
 */
import type { Db } from '../../db/client.ts';
import { groups, meetingExceptions, meetings } from '../../db/schema/index.ts';
import { toRRule, type MeetingSeriesInput, MeetingSeries } from '../meetings/recurrence.ts';

export type GroupInsert = typeof groups.$inferInsert;
export type MeetingInsert = typeof meetings.$inferInsert;
export type ExceptionInsert = typeof meetingExceptions.$inferInsert;

let counter = 0;
const unique = (prefix: string) =>
  `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;

export async function insertGroup(db: Db, fields: Partial<GroupInsert> = {}) {
  const [row] = await db
    .insert(groups)
    .values({ slug: unique('group'), name: 'A group', ...fields })
    .returning();
  return row!;
}

/** A series' schedule columns (the rule as RRULE text, as the meetings module stores it). */
export function scheduleColumns(series: MeetingSeriesInput) {
  const s = MeetingSeries.parse(series);
  return {
    timezone: s.timezone,
    startTime: s.startTime,
    durationMinutes: s.durationMinutes,
    rrule: toRRule(s),
    startsOn: s.startsOn,
    endsOn: s.endsOn ?? null,
  };
}

/** A meeting row from a series. */
export function meetingValues(
  groupId: string,
  series: MeetingSeriesInput,
  fields: Partial<MeetingInsert> = {},
): MeetingInsert {
  return {
    groupId,
    slug: unique('meeting'),
    name: 'A meeting',
    ...scheduleColumns(series),
    ...fields,
  };
}

export async function insertMeeting(
  db: Db,
  groupId: string,
  series: MeetingSeriesInput,
  fields: Partial<MeetingInsert> = {},
) {
  const [row] = await db
    .insert(meetings)
    .values(meetingValues(groupId, series, fields))
    .returning();
  return row!;
}

export async function insertException(db: Db, values: ExceptionInsert): Promise<void> {
  await db.insert(meetingExceptions).values(values);
}

/** Many rows at once, in chunks that stay under PostgreSQL's parameter limit. */
export async function insertMany<T extends typeof groups | typeof meetings>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  chunk = 500,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await db.insert(table).values(rows.slice(i, i + chunk) as never);
  }
}

/** A weekly series starting long ago, for fixtures. */
export function weekly(
  timezone: string,
  startTime: string,
  days: ('SU' | 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA')[],
  durationMinutes = 60,
): MeetingSeriesInput {
  return {
    timezone,
    startTime,
    durationMinutes,
    startsOn: '2025-01-01',
    recurrence: { kind: 'weekly', days },
  };
}
