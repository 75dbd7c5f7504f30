import { asc, count, eq, inArray, max, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { groups, meetingExceptions, meetings } from '../../db/schema/index.ts';

// Read-only queries over the whole directory of meetings, for the finder's in-memory index,
// the public Meeting Guide feed and the feed import. The meetings module owns the table: other
// modules reach these through meetings.directory.service.ts. Nothing here writes.

/** The columns every directory read takes from a meeting. */
const seriesColumns = {
  id: meetings.id,
  slug: meetings.slug,
  name: meetings.name,
  timezone: meetings.timezone,
  startTime: meetings.startTime,
  durationMinutes: meetings.durationMinutes,
  rrule: meetings.rrule,
  startsOn: meetings.startsOn,
  endsOn: meetings.endsOn,
  locationName: meetings.locationName,
  address: meetings.address,
  latitude: meetings.latitude,
  longitude: meetings.longitude,
  approximate: meetings.approximate,
  types: meetings.types,
  regions: meetings.regions,
  attendance: meetings.attendance,
};

/** The ways to join and notes, for the feed and the import. */
const joinColumns = {
  conferenceUrl: meetings.conferenceUrl,
  conferenceUrlNotes: meetings.conferenceUrlNotes,
  conferencePhone: meetings.conferencePhone,
  conferencePhoneNotes: meetings.conferencePhoneNotes,
  notes: meetings.notes,
  locationNotes: meetings.locationNotes,
};

/** A meeting's series and place, as every directory read takes them. */
export interface DirectorySeries {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  startTime: string;
  durationMinutes: number;
  rrule: string;
  startsOn: string;
  endsOn: string | null;
  locationName: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  approximate: boolean;
  types: string[];
  regions: string[];
  attendance: 'in_person' | 'online' | 'hybrid' | 'inactive';
}

/** A meeting's ways to join and its notes. */
export interface DirectoryJoinDetails {
  conferenceUrl: string | null;
  conferenceUrlNotes: string | null;
  conferencePhone: string | null;
  conferencePhoneNotes: string | null;
  notes: string;
  locationNotes: string | null;
}

/** One meeting with the group fields the finder filters and shows. */
export interface DirectoryMeetingRow extends DirectorySeries {
  groupId: string;
  groupSlug: string;
  groupName: string;
  groupDescription: string;
  focusAreas: string[];
  stage: string;
  audience: string;
  languages: string[];
  isOpen: boolean;
  /** The area a closed group shows instead of its meetings' places (null: none). */
  publicArea: string | null;
}

export interface DirectoryExceptionRow {
  meetingId: string;
  occurrenceId: string;
  cancelled: boolean;
  movedDate: string | null;
  movedStartTime: string | null;
  movedDurationMinutes: number | null;
}

const directoryColumns = {
  ...seriesColumns,
  groupId: groups.id,
  groupSlug: groups.slug,
  groupName: groups.name,
  groupDescription: groups.description,
  focusAreas: groups.focusAreas,
  stage: groups.stage,
  audience: groups.audience,
  languages: groups.languages,
  isOpen: groups.isOpen,
  publicArea: groups.publicArea,
};

/** Every meeting joined with its group, in a stable order. */
export async function listDirectoryMeetings(db: DbOrTx): Promise<DirectoryMeetingRow[]> {
  return db
    .select(directoryColumns)
    .from(meetings)
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .orderBy(meetings.slug);
}

/**
 * The meetings with these ids and every meeting of these groups, as `listDirectoryMeetings`
 * reads them (the finder updates just those after a change). An id that is gone is left out.
 */
export async function listDirectoryMeetingsFor(
  db: DbOrTx,
  which: { meetingIds: readonly string[]; groupIds: readonly string[] },
): Promise<DirectoryMeetingRow[]> {
  const conditions: SQL[] = [];
  if (which.meetingIds.length > 0) conditions.push(inArray(meetings.id, [...which.meetingIds]));
  if (which.groupIds.length > 0) conditions.push(inArray(meetings.groupId, [...which.groupIds]));
  if (conditions.length === 0) return [];
  return db
    .select(directoryColumns)
    .from(meetings)
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .where(or(...conditions))
    .orderBy(meetings.slug);
}

/** Exceptions that change when a meeting happens (cancelled or moved). */
export async function listDirectoryExceptions(db: DbOrTx): Promise<DirectoryExceptionRow[]> {
  return db
    .select({
      meetingId: meetingExceptions.meetingId,
      occurrenceId: meetingExceptions.occurrenceId,
      cancelled: meetingExceptions.cancelled,
      movedDate: meetingExceptions.movedDate,
      movedStartTime: meetingExceptions.movedStartTime,
      movedDurationMinutes: meetingExceptions.movedDurationMinutes,
    })
    .from(meetingExceptions);
}

/** The exceptions of these meetings only. */
export async function listDirectoryExceptionsFor(
  db: DbOrTx,
  meetingIds: readonly string[],
): Promise<DirectoryExceptionRow[]> {
  if (meetingIds.length === 0) return [];
  return db
    .select({
      meetingId: meetingExceptions.meetingId,
      occurrenceId: meetingExceptions.occurrenceId,
      cancelled: meetingExceptions.cancelled,
      movedDate: meetingExceptions.movedDate,
      movedStartTime: meetingExceptions.movedStartTime,
      movedDurationMinutes: meetingExceptions.movedDurationMinutes,
    })
    .from(meetingExceptions)
    .where(inArray(meetingExceptions.meetingId, [...meetingIds]));
}

/**
 * A cheap fingerprint of the directory (row counts and latest updates): the safety re-check
 * compares it to catch a change whose event was lost.
 */
export async function directorySignature(db: DbOrTx): Promise<string> {
  const [m] = await db.select({ n: count(), at: max(meetings.updatedAt) }).from(meetings);
  const [g] = await db.select({ n: count(), at: max(groups.updatedAt) }).from(groups);
  const [e] = await db
    .select({ n: count(), at: max(meetingExceptions.updatedAt) })
    .from(meetingExceptions);
  const part = (r: { n: number; at: Date | null } | undefined) =>
    `${r?.n ?? 0}@${r?.at ? new Date(r.at).getTime() : 0}`;
  return [part(m), part(g), part(e)].join('|');
}

/** A meeting an earlier import brought in (compared with the feed, to leave it alone if unchanged). */
export interface ImportedMeetingRow extends DirectorySeries, DirectoryJoinDetails {
  externalKey: string;
  groupId: string;
  url: string | null;
}

/** Meetings earlier imports brought in from `source`, by their key there. */
export async function listImportedMeetings(
  db: DbOrTx,
  source: string,
): Promise<ImportedMeetingRow[]> {
  const rows = await db
    .select({
      ...seriesColumns,
      ...joinColumns,
      externalKey: meetings.externalKey,
      groupId: meetings.groupId,
      url: meetings.url,
    })
    .from(meetings)
    .where(eq(meetings.externalSource, source));
  return rows.map((r) => ({ ...r, externalKey: r.externalKey ?? '' }));
}

export async function listMeetingSlugs(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ slug: meetings.slug }).from(meetings);
  return rows.map((r) => r.slug);
}

/** A public meeting with what its feed entry needs from its group. */
export interface PublicMeetingRow extends DirectorySeries, DirectoryJoinDetails {
  updatedAt: Date;
  groupName: string;
  groupDescription: string;
  groupIsOpen: boolean;
}

/** Every meeting with its group's public fields, in slug order (the service decides what is public). */
export async function listPublicMeetings(db: DbOrTx): Promise<PublicMeetingRow[]> {
  return db
    .select({
      ...seriesColumns,
      ...joinColumns,
      updatedAt: meetings.updatedAt,
      groupName: groups.name,
      groupDescription: groups.description,
      groupIsOpen: groups.isOpen,
    })
    .from(meetings)
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .orderBy(asc(meetings.slug));
}
