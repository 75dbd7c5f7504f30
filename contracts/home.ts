/**
 * The member's home (GET /api/me/home): their groups, their next meetings, their requests to
 * join and the answers, and suggestions while they have no group. Only the person's own data.
 */
import { z } from 'zod';
import { PendingSurvey } from './attendance.ts';
import { Timestamp } from './common.ts';
import { GROUP_FORMATS, GROUP_ROLES } from './groups.ts';
import { Attendance, ZoneName } from './meetings.ts';

/** How many upcoming meetings the home shows, across the person's groups. */
export const HOME_MEETINGS = 7;

export const HomeQuery = z.strictObject({
  /** The zone to word times in; default the person's saved zone. */
  tz: ZoneName.optional(),
});
export type HomeQuery = z.infer<typeof HomeQuery>;

const GroupRef = z.object({ slug: z.string(), name: z.string() });

export const HomeGroup = GroupRef.extend({
  isOpen: z.boolean(),
  role: z.enum(GROUP_ROLES),
  /** Requests waiting for a decision: only for a group the person may manage, else null. */
  waitingRequests: z.number().int().nullable(),
});
export type HomeGroup = z.infer<typeof HomeGroup>;

/**
 * One occurrence of a meeting of one of the person's groups, as the meeting policy lets them
 * see it as a member: the conference link and the place are null when hidden.
 */
export const HomeMeeting = z.object({
  meetingSlug: z.string(),
  meetingName: z.string(),
  group: GroupRef,
  occurrenceId: z.string(),
  start: Timestamp,
  end: Timestamp,
  cancelled: z.boolean(),
  moved: z.boolean(),
  attendance: Attendance,
  /** The meeting's own zone, to say its local time when it differs from the viewer's. */
  timezone: z.string(),
  conferenceUrl: z.string().nullable(),
  locationName: z.string().nullable(),
});
export type HomeMeeting = z.infer<typeof HomeMeeting>;

export const JOIN_REQUEST_STATES = ['waiting', 'approved', 'declined'] as const;

export const HomeJoinRequest = z.object({
  group: GroupRef,
  state: z.enum(JOIN_REQUEST_STATES),
  requestedAt: Timestamp,
  answeredAt: Timestamp.nullable(),
  /** Whether the person left a message with a waiting request (never the message itself). */
  hasMessage: z.boolean(),
});
export type HomeJoinRequest = z.infer<typeof HomeJoinRequest>;

export const HomeSuggestion = GroupRef.extend({ format: z.enum(GROUP_FORMATS) });

export const MemberHome = z.object({
  viewerTimezone: z.string(),
  groups: z.array(HomeGroup),
  meetings: z.array(HomeMeeting),
  /** Waiting requests, then answers from the last 60 days, newest first. */
  requests: z.array(HomeJoinRequest),
  /** A few open groups with room, only while the person has no group and no waiting request. */
  suggestions: z.array(HomeSuggestion),
  /** Meetings the person attended this week (Monday to Sunday in `viewerTimezone`). */
  attendanceThisWeek: z.number().int(),
  /** Meetings attended in the last 7 days whose after-meeting question is not answered yet. */
  pendingSurveys: z.array(PendingSurvey),
});
export type MemberHome = z.infer<typeof MemberHome>;
