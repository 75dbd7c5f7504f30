/**
 * Meetings API: request and response shapes shared by the server and the web client.
 *
 * The recurrence vocabulary (weekdays, local dates and times, the recurrence kinds) lives here
 * so forms and the server validate the same way; the server adds the checks that need its
 * libraries (known IANA zones, whether a rule has occurrences, Meeting Guide type codes).
 */
import { z } from 'zod';
import { Timestamp } from './common.ts';

import { WEEKDAYS, WEEK_ORDER, type Weekday } from './weekdays.ts';

export { WEEKDAYS, WEEK_ORDER, type Weekday };

export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM between 00:00 and 23:59');

export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'is not a real calendar date');

/** True for a real proleptic-Gregorian date `YYYY-MM-DD` (no 30 February). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** A recurrence missing one of its details is refused, naming it; it is never guessed. */
const missing = (what: string, otherwise: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `is missing: ${what}` : otherwise;

const WeekdayCode = z.enum(WEEKDAYS, {
  error: missing('choose a weekday', 'must be one of SU, MO, TU, WE, TH, FR, SA'),
});

const WeekdayList = z
  .array(WeekdayCode, {
    error: missing('choose at least one weekday', 'must be a list of weekdays'),
  })
  .min(1, 'choose at least one weekday')
  .refine((days) => new Set(days).size === days.length, 'lists a weekday twice');

/** How a series repeats: once, weekly (every N weeks), monthly on the nth/last weekday, a course. */
export const Recurrence = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('once') }),
    z.object({
      kind: z.literal('weekly'),
      days: WeekdayList,
      interval: z
        .int('must be a whole number of weeks')
        .min(1, 'must be at least 1 (every week)')
        .max(52, 'must be at most 52 weeks')
        .default(1),
    }),
    z.object({
      kind: z.literal('monthly'),
      week: z.literal([1, 2, 3, 4, 'last'], {
        error: missing(
          "say which week of the month (1, 2, 3, 4 or 'last')",
          "must be 1, 2, 3, 4 or 'last'",
        ),
      }),
      day: WeekdayCode,
    }),
    z.object({
      kind: z.literal('course'),
      days: WeekdayList,
      sessions: z
        .int({ error: missing('say how many sessions', 'must be a whole number of sessions') })
        .min(1, 'must be at least 1')
        .max(520, 'must be at most 520'),
    }),
  ],
  { error: "must be one of 'once', 'weekly', 'monthly', 'course'" },
);
export type Recurrence = z.output<typeof Recurrence>;
/** A recurrence as a client sends it (defaults not yet applied). */
export type RecurrenceInput = z.input<typeof Recurrence>;

// Fixed offsets ("+05:00", "UTC+5") carry no DST rules: a weekly meeting would drift.
const OFFSET_LIKE = /^(?:[-+\u2212]|(?:utc|gmt)[-+])/i;

/** An IANA zone name this runtime knows (the server checks again with its own zone data). */
export const ZoneName = z
  .string()
  .max(64, 'must be an IANA time zone such as America/New_York')
  .refine((name) => {
    if (name.trim() !== name || name === '' || OFFSET_LIKE.test(name)) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: name });
      return true;
    } catch {
      return false;
    }
  }, 'must be a known IANA time zone such as America/New_York');

export const attendanceValues = ['in_person', 'online', 'hybrid', 'inactive'] as const;
export const Attendance = z.enum(attendanceValues);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((s) => (s === '' ? null : s))
    .nullable();

/** Phone numbers for joining by phone: digits and `+ , * #` (spaces, dashes, dots and brackets are dropped). */
export const ConferencePhone = z
  .string()
  .trim()
  .max(200, 'must be at most 200 characters')
  .transform((s) => s.replace(/[\s\-.()]/g, ''))
  .refine(
    (s) => s === '' || /^[0-9+,*#]+$/.test(s),
    'may contain only digits and + , * # (for example +15551234567,,123456#)',
  )
  .refine((s) => s === '' || /\d{3}/.test(s), 'must contain a phone number')
  .transform((s) => (s === '' ? null : s))
  .nullable();

export const ConferenceUrl = z
  .string()
  .trim()
  .max(500, 'must be at most 500 characters')
  .refine((s) => s === '' || isWebUrl(s), 'must be a web link, such as https://…')
  .transform((s) => (s === '' ? null : s))
  .nullable();

/** http(s) with a host and no credentials; plain http is kept because real feeds carry it. */
function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.hostname !== '' &&
      !url.username &&
      !url.password
    );
  } catch {
    return false;
  }
}

/** How long one occurrence lasts, in whole minutes (1 to 24 hours). */
export const DurationMinutes = z
  .int('must be a whole number of minutes')
  .min(1, 'must be at least 1 minute')
  .max(24 * 60, 'must be at most 24 hours');

/**
 * Every detail of a meeting series a facilitator edits. `attendance` is not sent: it is
 * derived (both an address and an online way in → hybrid).
 */
const meetingFieldShape = {
  name: z.string().trim().min(1, 'enter a name').max(200, 'must be at most 200 characters'),
  timezone: ZoneName,
  startTime: LocalTime,
  durationMinutes: DurationMinutes,
  startsOn: LocalDate,
  endsOn: LocalDate.nullable(),
  recurrence: Recurrence,
  locationName: optionalText(200),
  address: optionalText(500),
  latitude: z
    .number()
    .min(-90, 'must be between -90 and 90')
    .max(90, 'must be between -90 and 90')
    .nullable(),
  longitude: z
    .number()
    .min(-180, 'must be between -180 and 180')
    .max(180, 'must be between -180 and 180')
    .nullable(),
  /** The address is only an area (a city or neighbourhood), not where to go. */
  approximate: z.boolean(),
  locationNotes: optionalText(1000),
  conferenceUrl: ConferenceUrl,
  conferenceUrlNotes: optionalText(1000),
  conferencePhone: ConferencePhone,
  conferencePhoneNotes: optionalText(1000),
  /** Meeting Guide type codes (`O`, `C`, `B`, …) or a program's own codes (1–10 capitals/digits). */
  types: z
    .array(z.string().trim().min(1, 'must not be empty').max(40, 'is too long'))
    .max(40, 'must list at most 40 types'),
  notes: z.string().trim().max(4000, 'must be at most 4000 characters'),
  /** General to specific, e.g. ['Massachusetts', 'Boston']. */
  regions: z
    .array(z.string().trim().min(1, 'must not be empty').max(100, 'is too long'))
    .max(5, 'must list at most 5 regions'),
};

export const CreateMeetingBody = z
  .object({
    ...meetingFieldShape,
    endsOn: meetingFieldShape.endsOn.optional(),
    locationName: meetingFieldShape.locationName.optional(),
    address: meetingFieldShape.address.optional(),
    latitude: meetingFieldShape.latitude.optional(),
    longitude: meetingFieldShape.longitude.optional(),
    approximate: meetingFieldShape.approximate.optional(),
    locationNotes: meetingFieldShape.locationNotes.optional(),
    conferenceUrl: meetingFieldShape.conferenceUrl.optional(),
    conferenceUrlNotes: meetingFieldShape.conferenceUrlNotes.optional(),
    conferencePhone: meetingFieldShape.conferencePhone.optional(),
    conferencePhoneNotes: meetingFieldShape.conferencePhoneNotes.optional(),
    types: meetingFieldShape.types.optional(),
    notes: meetingFieldShape.notes.optional(),
    regions: meetingFieldShape.regions.optional(),
  })
  .strict();
export type CreateMeetingBody = z.infer<typeof CreateMeetingBody>;
/** What a client sends to create a meeting (before the server trims and fills defaults). */
export type CreateMeetingInput = z.input<typeof CreateMeetingBody>;

/** Only the fields to change; `null` clears an optional field. */
export const UpdateMeetingBody = z.object(meetingFieldShape).partial().strict();
export type UpdateMeetingBody = z.infer<typeof UpdateMeetingBody>;
export type UpdateMeetingInput = z.input<typeof UpdateMeetingBody>;

/** Every field name a change can touch, in display order. */
export const meetingFieldNames = Object.keys(meetingFieldShape) as (keyof UpdateMeetingBody)[];

export const EndMeetingBody = z
  .object({
    /** The last day the series meets; default: today in the meeting's zone. */
    endsOn: LocalDate.optional(),
  })
  .strict();
export type EndMeetingBody = z.infer<typeof EndMeetingBody>;

export const MeetingSlugParams = z.object({ slug: z.string().min(1).max(100) });
export const GroupSlugParams = z.object({ slug: z.string().min(1).max(100) });
export const OccurrenceParams = z.object({
  slug: z.string().min(1).max(100),
  occurrenceId: LocalDate,
});

/** Change one occurrence. Omitted fields stay as they are; `null` clears. */
export const UpdateOccurrenceBody = z
  .object({
    cancelled: z.boolean(),
    /** Where and when it happens instead, in the meeting's own zone. */
    moved: z
      .object({
        date: LocalDate,
        startTime: LocalTime,
        durationMinutes: z
          .int('must be a whole number of minutes')
          .min(1, 'must be at least 1 minute')
          .max(24 * 60, 'must be at most 24 hours')
          .optional(),
      })
      .strict()
      .nullable(),
    topic: optionalText(300),
    literature: optionalText(300),
  })
  .partial()
  .strict();
export type UpdateOccurrenceBody = z.infer<typeof UpdateOccurrenceBody>;

export const MeetingQuery = z.object({
  /** The viewer's zone; default the signed-in person's zone, else the meeting's. */
  tz: ZoneName.optional(),
});

export const GroupSummary = z.object({
  slug: z.string(),
  name: z.string(),
  isOpen: z.boolean(),
});

export const MeetingTypeView = z.object({ code: z.string(), name: z.string().nullable() });

export const MeetingView = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  group: GroupSummary,
  timezone: z.string(),
  startTime: z.string(),
  durationMinutes: z.number(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  recurrence: Recurrence,
  /** The stored RFC 5545 rule body (no DTSTART). */
  rrule: z.string(),
  attendance: Attendance,
  types: z.array(MeetingTypeView),
  /** Empty when hidden (a closed group's meeting, seen by people outside the group). */
  notes: z.string(),
  /** Empty when hidden, like the place. */
  regions: z.array(z.string()),
  /**
   * The place and the ways to join (locationName through conferencePhoneNotes) are null when
   * hidden: a closed group's meeting, seen by people outside the group.
   */
  locationName: z.string().nullable(),
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  approximate: z.boolean(),
  locationNotes: z.string().nullable(),
  conferenceUrl: z.string().nullable(),
  conferenceUrlNotes: z.string().nullable(),
  conferencePhone: z.string().nullable(),
  conferencePhoneNotes: z.string().nullable(),
  /** True when the address and ways to join are left out for this viewer. */
  detailsHidden: z.boolean(),
  updatedAt: Timestamp,
});
export type MeetingView = z.infer<typeof MeetingView>;

export const OccurrenceView = z.object({
  /** The scheduled local date; stays the same when the occurrence is moved. */
  occurrenceId: z.string(),
  start: Timestamp,
  end: Timestamp,
  cancelled: z.boolean(),
  moved: z.boolean(),
  /** For a moved occurrence: when it was scheduled. */
  originalStart: Timestamp.nullable(),
  /** Null when there is none, or when hidden (a closed group, seen from outside it). */
  topic: z.string().nullable(),
  literature: z.string().nullable(),
  /** The start as the viewer reads it, in their zone. */
  viewerTime: z.string(),
  /** The start in the meeting's own zone, when that differs from the viewer's. */
  meetingTime: z.string().nullable(),
});
export type OccurrenceView = z.infer<typeof OccurrenceView>;

export const CalendarLinks = z.object({
  /** Download this meeting as an .ics file. */
  ics: z.string(),
  /** The same file as a subscription (calendar apps keep it up to date). */
  webcal: z.string(),
  /** Google Calendar's "add event" page (a plain link the person chooses to follow). */
  google: z.string(),
});

export const Directions = z.object({
  /** A `geo:` URI: opens the device's own maps app. */
  geo: z.string(),
  /** OpenStreetMap's directions page, as a plain link. */
  openStreetMap: z.string(),
});

export const MeetingPage = z.object({
  meeting: MeetingView,
  viewerTimezone: z.string(),
  /** The next 8 occurrences (in progress or upcoming), cancelled ones flagged. */
  occurrences: z.array(OccurrenceView),
  directions: Directions.nullable(),
  calendar: CalendarLinks,
  /** The viewer may edit this meeting (its group's facilitators and admins). */
  canManage: z.boolean(),
});
export type MeetingPage = z.infer<typeof MeetingPage>;

export const MeetingList = z.object({
  meetings: z.array(
    MeetingView.extend({
      nextOccurrence: OccurrenceView.nullable(),
    }),
  ),
  /** The zone times are shown in; null: each meeting's own zone. */
  viewerTimezone: z.string().nullable(),
});
export type MeetingList = z.infer<typeof MeetingList>;

export const OccurrenceExceptionView = z.object({
  occurrenceId: z.string(),
  cancelled: z.boolean(),
  moved: z
    .object({ date: z.string(), startTime: z.string(), durationMinutes: z.number().nullable() })
    .nullable(),
  topic: z.string().nullable(),
  literature: z.string().nullable(),
});
export type OccurrenceExceptionView = z.infer<typeof OccurrenceExceptionView>;

// --- calendar feeds ------------------------------------------------------------------------

export const CalendarFeedStatus = z.object({
  active: z.boolean(),
  createdAt: Timestamp.nullable(),
});
export type CalendarFeedStatus = z.infer<typeof CalendarFeedStatus>;

export const CalendarFeedCreated = z.object({
  /** The secret subscription URL: shown once; anyone with it can read the feed. */
  url: z.string(),
  webcal: z.string(),
  createdAt: Timestamp,
});
export type CalendarFeedCreated = z.infer<typeof CalendarFeedCreated>;

export const OccurrenceUpdated = z.object({
  /** Null when the occurrence is back to plain (nothing cancelled, moved or noted). */
  exception: OccurrenceExceptionView.nullable(),
});
export type OccurrenceUpdated = z.infer<typeof OccurrenceUpdated>;
export const OccurrenceExceptionList = z.object({ exceptions: z.array(OccurrenceExceptionView) });
export type OccurrenceExceptionList = z.infer<typeof OccurrenceExceptionList>;

export const CalendarTokenParams = z.object({ token: z.string().min(1).max(200) });
