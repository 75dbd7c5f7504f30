/**
 * Attendance and the after-meeting question: a member's own history and pending questions
 * (`/api/me/attendance…`), a group's attendance per occurrence for its facilitators, the
 * in-person check-in code, and the question's aggregate (shown from SURVEY_MIN_ANSWERS on).
 *
 * Attendance is sensitive (it reveals that someone goes to a recovery group): it is never in
 * a public answer, and every answer here carries `Cache-Control: no-store`.
 */
import { z } from 'zod';
import { Timestamp } from './common.ts';
import { OccurrenceParams } from './meetings.ts';

/** Check-in codes: this many characters of Crockford's base 32 (no I, L, O or U). */
export const CHECK_IN_CODE_LENGTH = 6;
export const CHECK_IN_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A code works from this long before the start until the occurrence ends. */
export const CHECK_IN_OPENS_BEFORE_MIN = 30;
/** Wrong codes one person may try per occurrence in CHECK_IN_WINDOW_S. */
export const CHECK_IN_ATTEMPTS = 5;
export const CHECK_IN_WINDOW_S = 15 * 60;

/** The question can be answered for this many days after the occurrence ends. */
export const SURVEY_DAYS = 7;
/** Facilitators see results only once this many people have answered (k-anonymity). */
export const SURVEY_MIN_ANSWERS = 5;
export const SURVEY_COMMENT_MAX = 1_000;
export const ATTENDANCE_PAGE_SIZE = 20;

export const ATTENDANCE_SOURCES = ['online', 'marked', 'code'] as const;
export const AttendanceSource = z.enum(ATTENDANCE_SOURCES);

export const OccurrenceAttendanceParams = OccurrenceParams;

export const MyAttendanceQuery = z.strictObject({
  page: z.coerce.number().int().min(1, 'Page number, from 1').max(10_000).default(1),
});

/** One occurrence the person attended. */
export const MyAttendanceItem = z.object({
  meetingSlug: z.string(),
  meetingName: z.string(),
  group: z.object({ slug: z.string(), name: z.string() }),
  occurrenceId: z.string(),
  start: Timestamp,
  end: Timestamp,
  source: AttendanceSource,
  /** Minutes in the online room (null for a mark or a code check-in). */
  minutesPresent: z.number().int().nullable(),
});
export type MyAttendanceItem = z.infer<typeof MyAttendanceItem>;

export const MyAttendancePage = z.object({
  items: z.array(MyAttendanceItem),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  pageCount: z.number().int(),
});
export type MyAttendancePage = z.infer<typeof MyAttendancePage>;

/** An occurrence the person attended whose question is still open (answered or not). */
export const PendingSurvey = z.object({
  meetingSlug: z.string(),
  meetingName: z.string(),
  occurrenceId: z.string(),
  start: Timestamp,
  end: Timestamp,
  answerableUntil: Timestamp,
  /** Already answered: the answer can still be changed until `answerableUntil`. */
  answered: z.boolean(),
});
export type PendingSurvey = z.infer<typeof PendingSurvey>;

export const PendingSurveyList = z.object({ surveys: z.array(PendingSurvey) });
export type PendingSurveyList = z.infer<typeof PendingSurveyList>;

/** One person on a facilitator's attendance list (active members and facilitators). */
export const AttendancePerson = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.enum(['member', 'facilitator']),
  present: z.boolean(),
  source: AttendanceSource.nullable(),
  minutesPresent: z.number().int().nullable(),
  /** In the online room right now. */
  inRoom: z.boolean(),
});
export type AttendancePerson = z.infer<typeof AttendancePerson>;

export const OccurrenceAttendance = z.object({
  meeting: z.object({ slug: z.string(), name: z.string(), attendance: z.string() }),
  group: z.object({ slug: z.string(), name: z.string() }),
  occurrenceId: z.string(),
  start: Timestamp,
  end: Timestamp,
  cancelled: z.boolean(),
  /** Whether members can check in with a code (in-person or hybrid meetings). */
  checkIn: z.boolean(),
  people: z.array(AttendancePerson),
  /** People recorded as present who are no longer active members (counted, never named). */
  othersPresent: z.number().int(),
});
export type OccurrenceAttendance = z.infer<typeof OccurrenceAttendance>;

export const AttendanceMark = z.strictObject({
  userId: z.uuid(),
  present: z.boolean(),
});
export const MarkAttendanceBody = z.strictObject({
  marks: z.array(AttendanceMark).min(1, 'Mark at least one person').max(500),
});
export type MarkAttendanceBody = z.infer<typeof MarkAttendanceBody>;

export const CheckInBody = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the code shown by your facilitator')
    .max(20, 'The code has 6 characters'),
});
export type CheckInBody = z.infer<typeof CheckInBody>;

export const CheckInResult = z.object({
  occurrenceId: z.string(),
  source: AttendanceSource,
});
export type CheckInResult = z.infer<typeof CheckInResult>;

/** The occurrence's code, for its facilitators to show. */
export const CheckInCode = z.object({
  code: z.string(),
  validFrom: Timestamp,
  validUntil: Timestamp,
  /** Whether the code works right now. */
  isValidNow: z.boolean(),
});
export type CheckInCode = z.infer<typeof CheckInCode>;

export const SurveyBody = z.strictObject({
  rating: z
    .number()
    .int('Choose a number from 1 to 5')
    .min(1, 'Choose a number from 1 to 5')
    .max(5, 'Choose a number from 1 to 5'),
  comment: z
    .string()
    .trim()
    .max(SURVEY_COMMENT_MAX, `Use at most ${SURVEY_COMMENT_MAX} characters`)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type SurveyBody = z.input<typeof SurveyBody>;

export const SurveyAnswered = z.object({
  answered: z.literal(true),
  /** True when this replaced the person's earlier answer. */
  changed: z.boolean(),
  answerableUntil: Timestamp,
});
export type SurveyAnswered = z.infer<typeof SurveyAnswered>;

/**
 * What facilitators see: counts only, and nothing but `count` below SURVEY_MIN_ANSWERS.
 * Comments come shuffled, without times or names.
 */
export const SurveyAggregate = z.object({
  count: z.number().int(),
  minAnswers: z.number().int(),
  shown: z.boolean(),
  mean: z.number().nullable(),
  /** Answers per rating, index 0 = rating 1. */
  distribution: z.array(z.number().int()).nullable(),
  comments: z.array(z.string()),
});
export type SurveyAggregate = z.infer<typeof SurveyAggregate>;
