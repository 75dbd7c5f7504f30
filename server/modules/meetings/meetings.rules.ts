/**
 * Pure rules for meeting series: merging and validating their details, the derived
 * attendance, slugs, and the side-by-side diff of a change request. No database here.
 */
import type { UpdateMeetingBody } from '../../../contracts/meetings.ts';
import { meetingFieldNames } from '../../../contracts/meetings.ts';
import { AppError, type ErrorDetail } from '../../lib/errors.ts';
import { slugify } from '../../lib/slugs.ts';
import {
  isKnownType,
  normalizeTypes,
  TEMPORARILY_CLOSED,
} from '../meeting-guide/meeting-guide.types.ts';
import type { MeetingRow } from './meetings.repository.ts';
import {
  describeIssues,
  firstOccurrenceId,
  fromRRule,
  MeetingSeries,
  type OccurrenceException,
  type Recurrence,
} from './recurrence.ts';

/** Every editable detail of a series, all present (null where empty). */
export type MeetingFields = Required<UpdateMeetingBody>;

export type Attendance = 'in_person' | 'online' | 'hybrid' | 'inactive';

export interface ValidMeeting {
  fields: MeetingFields;
  series: MeetingSeries;
  attendance: Attendance;
}

/** Empty details for everything a new series may leave out. */
export const EMPTY_DETAILS = {
  endsOn: null,
  locationName: null,
  address: null,
  latitude: null,
  longitude: null,
  approximate: false,
  locationNotes: null,
  conferenceUrl: null,
  conferenceUrlNotes: null,
  conferencePhone: null,
  conferencePhoneNotes: null,
  types: [],
  notes: '',
  regions: [],
} satisfies Partial<MeetingFields>;

/** The details of a stored meeting in the API's shape. */
export function fieldsFromRow(row: MeetingRow): MeetingFields {
  return {
    name: row.name,
    ...seriesOf(row),
    ...placeAndJoinOf(row),
    types: row.types,
    notes: row.notes,
    regions: row.regions,
  };
}

/** A stored meeting's place and every way to join it, in the API's shape. */
export function placeAndJoinOf(row: MeetingRow) {
  return {
    locationName: row.locationName,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    approximate: row.approximate,
    locationNotes: row.locationNotes,
    conferenceUrl: row.conferenceUrl,
    conferenceUrlNotes: row.conferenceUrlNotes,
    conferencePhone: row.conferencePhone,
    conferencePhoneNotes: row.conferencePhoneNotes,
  };
}

/**
 * The stored rule as a recurrence. Rules are written by `toRRule`, so this only fails for a
 * row edited by hand; such a row is treated as a one-off rather than crashing every page.
 */
export function recurrenceOf(row: Pick<MeetingRow, 'rrule'>): Recurrence {
  return fromRRule(row.rrule)?.recurrence ?? { kind: 'once' };
}

/** The series of a stored meeting, for expanding occurrences and in the API's shape. */
export function seriesOf(row: MeetingRow) {
  return {
    timezone: row.timezone,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    recurrence: recurrenceOf(row),
  } satisfies MeetingSeries;
}

/**
 * A stored schedule with its already-parsed rule as a series; an end date in the rule (UNTIL)
 * wins over the `endsOn` column.
 */
export function seriesWithRule(
  row: Pick<MeetingRow, 'timezone' | 'startTime' | 'durationMinutes' | 'startsOn' | 'endsOn'>,
  rule: NonNullable<ReturnType<typeof fromRRule>>,
): MeetingSeries {
  return {
    timezone: row.timezone,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    startsOn: row.startsOn,
    endsOn: rule.endsOn ?? row.endsOn,
    recurrence: rule.recurrence,
  };
}

/** A stored exception row, as far as occurrence times are concerned. */
export interface StoredException {
  occurrenceId: string;
  cancelled: boolean;
  movedDate: string | null;
  movedStartTime: string | null;
  movedDurationMinutes: number | null;
}

/** Stored exceptions in the shape occurrence expansion needs (a topic alone changes no time). */
export function toOccurrenceExceptions(rows: readonly StoredException[]): OccurrenceException[] {
  return rows.flatMap((e): OccurrenceException[] => {
    if (e.cancelled) return [{ kind: 'cancelled', occurrenceId: e.occurrenceId }];
    if (e.movedDate && e.movedStartTime) {
      return [
        {
          kind: 'moved',
          occurrenceId: e.occurrenceId,
          date: e.movedDate,
          startTime: e.movedStartTime,
          durationMinutes: e.movedDurationMinutes ?? undefined,
        },
      ];
    }
    return [];
  });
}

/** The fields a patch really changes (same values are dropped). */
export function changedFields(
  current: MeetingFields,
  patch: UpdateMeetingBody,
): (keyof MeetingFields)[] {
  return meetingFieldNames.filter(
    (name) => name in patch && patch[name] !== undefined && !sameValue(current[name], patch[name]),
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value ?? null;
}

/** Field-level problems as one 400 naming every field (`body.startTime`, …). */
export function validationError(details: ErrorDetail[], status = 400): AppError {
  const message = details.map((d) => `${d.field}: ${d.message}`).join('; ');
  return status === 409
    ? new AppError(409, 'conflict', `This change no longer fits the meeting: ${message}`, details)
    : new AppError(400, 'validation_failed', message, details);
}

/**
 * Checks a complete set of details: the series (real zone, possible recurrence), where or
 * how to attend, coordinates and type codes. Returns them normalised with the derived
 * attendance, or the problems with field paths under `prefix` (e.g. `body`).
 */
export function checkMeeting(
  input: MeetingFields,
  prefix: string,
): { ok: true; value: ValidMeeting } | { ok: false; details: ErrorDetail[] } {
  const problems: { field: string; message: string }[] = [];
  const parsed = MeetingSeries.safeParse({
    timezone: input.timezone,
    startTime: input.startTime,
    durationMinutes: input.durationMinutes,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    recurrence: input.recurrence,
  });
  if (!parsed.success) problems.push(...describeIssues(parsed.error));
  else if (firstOccurrenceId(parsed.data) === null) {
    problems.push({
      field: 'recurrence',
      message: 'never happens between startsOn and endsOn; check the days and dates',
    });
  }

  const hasOnline = Boolean(input.conferenceUrl || input.conferencePhone);
  const hasPlace = Boolean(input.address) && !input.approximate;
  if (!input.address && !hasOnline) {
    problems.push({
      field: 'address',
      message: 'give an address, or a conference link or phone number to join online',
    });
  } else if (!hasPlace && !hasOnline) {
    problems.push({
      field: 'approximate',
      message:
        'an approximate address is only an area: give the exact address, or a way to join online',
    });
  }
  if ((input.latitude === null) !== (input.longitude === null)) {
    problems.push({
      field: input.latitude === null ? 'latitude' : 'longitude',
      message: 'give both latitude and longitude, or neither',
    });
  }

  const types: string[] = [];
  input.types.forEach((raw, i) => {
    const code = normalizeTypes([raw])[0] ?? raw;
    if (!isKnownType(code) && !/^[A-Z0-9]{1,10}$/.test(code)) {
      problems.push({
        field: `types.${i}`,
        message:
          'is not a Meeting Guide type code; a program code is 1–10 capital letters or digits',
      });
    } else if (!types.includes(code)) types.push(code);
  });
  if (types.includes('O') && types.includes('C')) {
    problems.push({ field: 'types', message: 'a meeting cannot be both Open (O) and Closed (C)' });
  }

  if (problems.length > 0 || !parsed.success) {
    return {
      ok: false,
      details: problems.map((p) => ({ field: `${prefix}.${p.field}`, message: p.message })),
    };
  }
  const attendance: Attendance = types.includes(TEMPORARILY_CLOSED)
    ? hasOnline
      ? 'online'
      : 'inactive'
    : hasPlace && hasOnline
      ? 'hybrid'
      : hasOnline
        ? 'online'
        : 'in_person';
  return {
    ok: true,
    value: {
      fields: { ...input, types, endsOn: input.endsOn ?? null },
      series: parsed.data,
      attendance,
    },
  };
}

/** A meeting's slug from its name ('meeting' when nothing is left). */
export const meetingSlug = (name: string): string => slugify(name, 'meeting');

/** Side by side: each proposed field with its value now. */
export function diffRows(
  current: MeetingFields,
  proposed: UpdateMeetingBody,
): { field: string; current: unknown; proposed: unknown }[] {
  return meetingFieldNames
    .filter((name) => name in proposed && proposed[name] !== undefined)
    .map((name) => ({ field: name, current: current[name] ?? null, proposed: proposed[name] }));
}
