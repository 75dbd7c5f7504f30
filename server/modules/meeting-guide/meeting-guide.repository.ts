import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { groups, meetings } from '../../db/schema/index.ts';

// The only code in the Meeting Guide module that reads or writes the database.

export type NewImportedGroup = typeof groups.$inferInsert;
export type NewImportedMeeting = typeof meetings.$inferInsert;

/** The meeting columns an import writes (and compares, to leave unchanged rows alone). */
export interface ImportedMeetingFields {
  groupId: string;
  name: string;
  timezone: string;
  startTime: string;
  durationMinutes: number;
  rrule: string;
  locationName: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  approximate: boolean;
  conferenceUrl: string | null;
  conferenceUrlNotes: string | null;
  conferencePhone: string | null;
  conferencePhoneNotes: string | null;
  types: string[];
  notes: string;
  locationNotes: string | null;
  regions: string[];
  attendance: 'in_person' | 'online' | 'hybrid' | 'inactive';
  url: string | null;
}

export interface ImportedMeetingRow extends ImportedMeetingFields {
  id: string;
  externalKey: string;
  startsOn: string;
}

/** Meetings earlier imports brought in from `source`, by their key there. */
export async function listImportedMeetings(
  db: DbOrTx,
  source: string,
): Promise<ImportedMeetingRow[]> {
  const rows = await db
    .select({
      id: meetings.id,
      externalKey: meetings.externalKey,
      startsOn: meetings.startsOn,
      groupId: meetings.groupId,
      name: meetings.name,
      timezone: meetings.timezone,
      startTime: meetings.startTime,
      durationMinutes: meetings.durationMinutes,
      rrule: meetings.rrule,
      locationName: meetings.locationName,
      address: meetings.address,
      latitude: meetings.latitude,
      longitude: meetings.longitude,
      approximate: meetings.approximate,
      conferenceUrl: meetings.conferenceUrl,
      conferenceUrlNotes: meetings.conferenceUrlNotes,
      conferencePhone: meetings.conferencePhone,
      conferencePhoneNotes: meetings.conferencePhoneNotes,
      types: meetings.types,
      notes: meetings.notes,
      locationNotes: meetings.locationNotes,
      regions: meetings.regions,
      attendance: meetings.attendance,
      url: meetings.url,
    })
    .from(meetings)
    .where(eq(meetings.externalSource, source));
  return rows.map((r) => ({ ...r, externalKey: r.externalKey ?? '' }));
}

/** Groups earlier imports created for `source`: external key → group id. */
export async function listImportedGroups(db: DbOrTx, source: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: groups.id, key: groups.externalKey })
    .from(groups)
    .where(eq(groups.externalSource, source));
  return new Map(rows.map((r) => [r.key ?? '', r.id]));
}

export async function listMeetingSlugs(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ slug: meetings.slug }).from(meetings);
  return rows.map((r) => r.slug);
}

export async function listGroupSlugs(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ slug: groups.slug }).from(groups);
  return rows.map((r) => r.slug);
}

/** Inserts groups; returns each new id with its external key, in order. */
export async function insertGroups(
  db: DbOrTx,
  values: NewImportedGroup[],
): Promise<{ id: string; externalKey: string }[]> {
  if (values.length === 0) return [];
  const rows = await db
    .insert(groups)
    .values(values)
    .returning({ id: groups.id, externalKey: groups.externalKey });
  return rows.map((r) => ({ id: r.id, externalKey: r.externalKey ?? '' }));
}

export async function insertMeetings(db: DbOrTx, values: NewImportedMeeting[]): Promise<void> {
  if (values.length > 0) await db.insert(meetings).values(values);
}

export async function updateImportedMeeting(
  db: DbOrTx,
  id: string,
  patch: Partial<ImportedMeetingFields> & { startsOn?: string; updatedAt: Date },
): Promise<void> {
  await db.update(meetings).set(patch).where(eq(meetings.id, id));
}

/** A public meeting with what its feed entry needs from its group. */
export interface PublicMeetingRow {
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
  conferenceUrl: string | null;
  conferenceUrlNotes: string | null;
  conferencePhone: string | null;
  conferencePhoneNotes: string | null;
  types: string[];
  notes: string;
  locationNotes: string | null;
  regions: string[];
  attendance: 'in_person' | 'online' | 'hybrid' | 'inactive';
  updatedAt: Date;
  groupName: string;
  groupDescription: string;
  groupIsOpen: boolean;
}

/** Every meeting with its group's public fields, in slug order (the service decides what is public). */
export async function listPublicMeetings(db: DbOrTx): Promise<PublicMeetingRow[]> {
  return db
    .select({
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
      conferenceUrl: meetings.conferenceUrl,
      conferenceUrlNotes: meetings.conferenceUrlNotes,
      conferencePhone: meetings.conferencePhone,
      conferencePhoneNotes: meetings.conferencePhoneNotes,
      types: meetings.types,
      notes: meetings.notes,
      locationNotes: meetings.locationNotes,
      regions: meetings.regions,
      attendance: meetings.attendance,
      updatedAt: meetings.updatedAt,
      groupName: groups.name,
      groupDescription: groups.description,
      groupIsOpen: groups.isOpen,
    })
    .from(meetings)
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .orderBy(asc(meetings.slug));
}
