/**
 * Writing a meeting series: the one path every new or changed series goes through, whoever
 * writes it — the editor, an accepted change request, the Meeting Guide import and the demo.
 * Each call validates the whole series with the editor's rules (meetings.rules.ts), derives
 * its attendance and stored rule, and only then writes. Callers authorize and audit.
 */
import type { DbOrTx } from '../../db/client.ts';
import type { ErrorDetail } from '../../lib/errors.ts';
import * as repo from './meetings.repository.ts';
import type { MeetingRow } from './meetings.repository.ts';
import { checkMeeting, validationError, type MeetingFields } from './meetings.rules.ts';

export { EMPTY_DETAILS } from './meetings.rules.ts';
import { toRRule } from './recurrence.ts';

export type { MeetingFields } from './meetings.rules.ts';

/** What an import remembers about where a series came from, beside its details. */
export interface SeriesOrigin {
  url?: string | null;
  externalSource?: string | null;
  externalKey?: string | null;
}

/** The stored columns of a valid series (details, rule, derived attendance). */
export type SeriesValues = ReturnType<typeof toValues>;

export interface NewSeries {
  groupId: string;
  slug: string;
  fields: MeetingFields;
  origin?: SeriesOrigin;
  /** Where field errors point (`body`, `rows.3`, …). */
  prefix: string;
}

function toValues(valid: Extract<ReturnType<typeof checkMeeting>, { ok: true }>['value']) {
  const f = valid.fields;
  return {
    name: f.name,
    timezone: f.timezone,
    startTime: f.startTime,
    durationMinutes: f.durationMinutes,
    rrule: toRRule(valid.series),
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    locationName: f.locationName,
    address: f.address,
    latitude: f.latitude,
    longitude: f.longitude,
    approximate: f.approximate,
    locationNotes: f.locationNotes,
    conferenceUrl: f.conferenceUrl,
    conferenceUrlNotes: f.conferenceUrlNotes,
    conferencePhone: f.conferencePhone,
    conferencePhoneNotes: f.conferencePhoneNotes,
    types: f.types,
    notes: f.notes,
    regions: f.regions,
    attendance: valid.attendance,
  };
}

/**
 * The stored values of a series, or every problem with field paths under `prefix`. An
 * incomplete recurrence is a problem, never a guess.
 */
export function checkSeries(
  fields: MeetingFields,
  prefix: string,
): { ok: true; values: SeriesValues } | { ok: false; details: ErrorDetail[] } {
  const checked = checkMeeting(fields, prefix);
  return checked.ok ? { ok: true, values: toValues(checked.value) } : checked;
}

function validValues(fields: MeetingFields, prefix: string, status?: 400 | 409): SeriesValues {
  const checked = checkSeries(fields, prefix);
  if (!checked.ok) throw validationError(checked.details, status);
  return checked.values;
}

/** Creates series (one statement); a 400 naming the field when any is not valid. */
export async function createSeries(
  db: DbOrTx,
  now: Date,
  items: readonly NewSeries[],
): Promise<MeetingRow[]> {
  const rows = items.map((item) => ({
    ...validValues(item.fields, item.prefix),
    ...item.origin,
    groupId: item.groupId,
    slug: item.slug,
    createdAt: now,
    updatedAt: now,
  }));
  return repo.insertMeetings(db, rows);
}

/** Replaces a series' details with `fields`, validated whole (409 for a stale change request). */
export async function updateSeries(
  db: DbOrTx,
  now: Date,
  id: string,
  fields: MeetingFields,
  opts: { prefix: string; status?: 400 | 409; origin?: SeriesOrigin },
): Promise<MeetingRow> {
  return repo.updateMeeting(db, id, {
    ...validValues(fields, opts.prefix, opts.status),
    ...opts.origin,
    updatedAt: now,
  });
}
