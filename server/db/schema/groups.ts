import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { DEFAULT_AGENDA, type AgendaStep } from '../../../contracts/rooms.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const groupFormats = ['in_person', 'online', 'hybrid'] as const;
export const membershipStatuses = ['requested', 'active', 'left', 'removed'] as const;
export const groupRoles = ['member', 'facilitator'] as const;
export const attendanceOptions = ['in_person', 'online', 'hybrid', 'inactive'] as const;

/** A peer support group. The groups issue extends this with the finder's fields. */
export const groups = pgTable(
  'groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    focusAreas: text('focus_areas').array().notNull().default([]),
    stage: text('stage').notNull().default('ongoing'),
    audience: text('audience').notNull().default('everyone'),
    languages: text('languages').array().notNull().default(['en']),
    format: text('format', { enum: groupFormats }).notNull().default('in_person'),
    isOpen: boolean('is_open').notNull().default(true),
    capacity: integer('capacity'),
    agreement: text('agreement').notNull().default(''),
    /** The group's usual meeting format, in order (its live rooms follow it). */
    agenda: jsonb('agenda')
      .$type<AgendaStep[]>()
      .notNull()
      .default([...DEFAULT_AGENDA]),
    /**
     * The area a closed group shows in public instead of where it meets (e.g. "North
     * Bristol"), chosen by its facilitators; null: none shown.
     */
    publicArea: text('public_area'),
    /** Where an imported group came from (a feed URL or file name) and its key there. */
    externalSource: text('external_source'),
    externalKey: text('external_key'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('groups_external_unique').on(t.externalSource, t.externalKey)],
);

export const groupMemberships = pgTable(
  'group_memberships',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: groupRoles }).notNull().default('member'),
    status: text('status', { enum: membershipStatuses }).notNull().default('active'),
    /** When the member accepted the group agreement (on joining or requesting). */
    agreementAcceptedAt: ts('agreement_accepted_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
  ],
);

export const joinRequestAnswers = ['approved', 'declined'] as const;

/**
 * Each request to join a closed group, with the optional message to its facilitators while
 * it waits (cleared once answered), and the answer with its date (the requester's home shows
 * it). A waiting request is the one without an answer; withdrawing one deletes it.
 */
export const groupJoinRequests = pgTable(
  'group_join_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    message: text('message'),
    createdAt: ts('created_at').notNull().defaultNow(),
    answer: text('answer', { enum: joinRequestAnswers }),
    answeredAt: ts('answered_at'),
  },
  (t) => [
    index('join_requests_user_idx').on(t.userId),
    index('join_requests_group_idx').on(t.groupId),
  ],
);

/** A meeting series; occurrences are computed from `rrule` in `timezone`, never stored. */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull(),
    /** Local wall-clock start, `HH:MM`. */
    startTime: text('start_time').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(60),
    /** RFC 5545 RRULE body without DTSTART, e.g. `FREQ=WEEKLY;BYDAY=MO,TH`. */
    rrule: text('rrule').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    locationName: text('location_name'),
    address: text('address'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    approximate: boolean('approximate').notNull().default(false),
    conferenceUrl: text('conference_url'),
    conferencePhone: text('conference_phone'),
    types: text('types').array().notNull().default([]),
    notes: text('notes').notNull().default(''),
    locationNotes: text('location_notes'),
    /** General to specific, e.g. ['Massachusetts', 'Boston']. */
    regions: text('regions').array().notNull().default([]),
    conferenceUrlNotes: text('conference_url_notes'),
    conferencePhoneNotes: text('conference_phone_notes'),
    attendance: text('attendance', { enum: attendanceOptions }).notNull().default('in_person'),
    /** A page about the meeting elsewhere (from an imported feed). */
    url: text('url'),
    /** Where an imported meeting came from and its key there (re-imports update it). */
    externalSource: text('external_source'),
    externalKey: text('external_key'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('meetings_group_idx').on(t.groupId),
    uniqueIndex('meetings_external_unique').on(t.externalSource, t.externalKey),
  ],
);

/**
 * One occurrence changed: cancelled, moved, or given a topic or literature. Keyed by the
 * scheduled local date (`occurrenceId`), which does not change when the occurrence moves.
 */
export const meetingExceptions = pgTable(
  'meeting_exceptions',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    occurrenceId: date('occurrence_id').notNull(),
    cancelled: boolean('cancelled').notNull().default(false),
    movedDate: date('moved_date'),
    movedStartTime: text('moved_start_time'),
    movedDurationMinutes: integer('moved_duration_minutes'),
    topic: text('topic'),
    literature: text('literature'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.occurrenceId] })],
);

export const changeRequestStatuses = ['pending', 'accepted', 'rejected'] as const;

/** Someone signed in proposes a correction to a meeting's details; staff decide. */
export const meetingChangeRequests = pgTable(
  'meeting_change_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    requesterId: uuid('requester_id').references(() => users.id, { onDelete: 'set null' }),
    /** Only the fields to change, in the meeting API's shape. */
    proposed: jsonb('proposed').$type<Record<string, unknown>>().notNull(),
    note: text('note').notNull().default(''),
    status: text('status', { enum: changeRequestStatuses }).notNull().default('pending'),
    decidedById: uuid('decided_by_id').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: ts('decided_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('change_requests_meeting_idx').on(t.meetingId, t.status)],
);

/** A member's private "my meetings" calendar URL; the token is stored hashed. */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Organisation-wide settings an admin changes (e.g. the map tile server). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
