import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const groupFormats = ['in_person', 'online', 'hybrid'] as const;
export const membershipStatuses = ['requested', 'active', 'left', 'removed'] as const;
export const groupRoles = ['member', 'facilitator'] as const;

/** A peer support group. The groups issue extends this with the finder's fields. */
export const groups = pgTable('groups', {
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
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

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
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
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
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('meetings_group_idx').on(t.groupId)],
);
