import {
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { meetings } from './groups.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const attendanceSources = ['online', 'marked', 'code'] as const;

/**
 * Who came to one occurrence of a meeting (sensitive: it reveals that someone attends a
 * recovery group; never in a public answer). Online presence accumulates across several
 * join/leave pairs: `open_since` is set while the person has a socket in the room.
 * `starts_at`/`ends_at` copy the occurrence's times when the row is written, so a person's
 * history, weekly count and survey window need no recurrence maths.
 */
export const attendance = pgTable(
  'attendance',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    /** The occurrence's scheduled local date (YYYY-MM-DD), as everywhere else. */
    occurrenceId: date('occurrence_id', { mode: 'string' }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    source: text('source', { enum: attendanceSources }).notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    firstJoinedAt: ts('first_joined_at'),
    lastLeftAt: ts('last_left_at'),
    secondsPresent: integer('seconds_present').notNull().default(0),
    /** While the person is in the online room: since when (null when out). */
    openSince: ts('open_since'),
    /** The facilitator who marked the person present (null: online or code). */
    markedBy: uuid('marked_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.occurrenceId, t.userId] }),
    index('attendance_user_starts').on(t.userId, t.startsAt),
    index('attendance_open').on(t.meetingId, t.occurrenceId, t.openSince),
  ],
);

/**
 * The after-meeting answers, with NO column naming a person and no time finer than the
 * day: nothing in this table leads back to who answered. Ids are random (uuid v4), so
 * their order says nothing either.
 */
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    occurrenceId: date('occurrence_id', { mode: 'string' }).notNull(),
    rating: smallint('rating').notNull(),
    comment: text('comment'),
    /** The day only (UTC), so an answer's time cannot be matched to a marker or a log. */
    createdOn: date('created_on', { mode: 'string' }).notNull(),
  },
  (t) => [index('survey_answers_occurrence').on(t.meetingId, t.occurrenceId)],
);

/**
 * "This person has answered this occurrence's question" (so it is asked once). The only
 * way from a marker to its answer is `answer_ref`: the answer's id sealed with a key
 * derived from the server secret (AES-GCM, random IV), opened only to let the person
 * change their own answer and to show it in their own export, and erased once the answer
 * window closes (`link_until`). No route returns it; facilitators never see markers.
 */
export const surveyAnswered = pgTable(
  'survey_answered',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    occurrenceId: date('occurrence_id', { mode: 'string' }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    answerRef: text('answer_ref'),
    /** The end of the answer window: the same for everyone at this occurrence. */
    linkUntil: ts('link_until').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.occurrenceId, t.userId] })],
);

export type AttendanceRow = typeof attendance.$inferSelect;
export type SurveyAnswerRow = typeof surveyAnswers.$inferSelect;
export type SurveyAnsweredRow = typeof surveyAnswered.$inferSelect;
