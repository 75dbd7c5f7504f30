/**
 * iCalendar files: one meeting, one group's meetings, and a person's private "my meetings"
 * feed behind a secret URL (only its hash is stored). A closed group's calendars follow
 * `meeting.details.read`: only its people get them, and every file shows each meeting as
 * the policy's projection for the person (the private feed: as a member of their groups).
 */
import { createHash } from 'node:crypto';
import type { DbOrTx } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import { notFound } from '../../lib/errors.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { authorize, meetingVisibility, projectMeeting, type Actor } from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findUserById } from '../users/users.service.ts';
import { toLanguage, type Language } from '../../i18n/index.ts';
import { calendarWords, meetingCalendar, type CalendarMeeting } from './calendar.ts';
import { loadGroup } from './meetings.groups.ts';
import { meetingsSeenAsMember } from './meetings.personal-data.ts';
import * as repo from './meetings.repository.ts';
import type { MeetingExceptionRow, MeetingRow } from './meetings.repository.ts';
import { seriesOf, toOccurrenceExceptions } from './meetings.rules.ts';
import type { MeetingsDeps } from './meetings.service.ts';

export interface CalendarFile {
  body: string;
  /** A strong validator: the body's hash (the body changes only when a meeting does). */
  etag: string;
  /** Shared caches may keep it (an open group's public calendar) or only the person's own. */
  isPublic: boolean;
  filename: string;
}

function toCalendarMeeting(
  deps: MeetingsDeps,
  row: MeetingRow,
  exceptions: readonly MeetingExceptionRow[],
): CalendarMeeting {
  const location = [row.locationName, row.address].filter(Boolean).join(', ');
  return {
    id: row.id,
    name: row.name,
    series: seriesOf(row),
    exceptions: toOccurrenceExceptions(exceptions.filter((e) => e.meetingId === row.id)),
    location: location || null,
    url: `${deps.publicUrl}/meetings/${encodeURIComponent(row.slug)}`,
    conferenceUrl: row.conferenceUrl,
    conferencePhone: row.conferencePhone,
  };
}

/**
 * DTSTAMP is the last change to any meeting in the file (RFC 5545: without METHOD it is
 * when the information was last revised), so the same data gives the same bytes and ETag.
 */
async function render(
  deps: MeetingsDeps,
  rows: readonly MeetingRow[],
  name: string,
  filename: string,
  isPublic: boolean,
  language: Language,
): Promise<CalendarFile> {
  const exceptions = await repo.listExceptions(
    deps.db,
    rows.map((r) => r.id),
  );
  const stamps = [...rows.map((r) => r.updatedAt), ...exceptions.map((e) => e.updatedAt)];
  const now =
    stamps.length > 0
      ? new Date(Math.max(...stamps.map((d) => d.getTime())))
      : new Date(Date.UTC(2020, 0, 1));
  now.setUTCMilliseconds(0);
  const body = meetingCalendar(
    rows.map((row) => toCalendarMeeting(deps, row, exceptions)),
    { name, language, uidDomain: new URL(deps.publicUrl).hostname, now },
  );
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  return { body, etag, isPublic, filename };
}

/** One meeting's calendar, its own words in `language` (the requester's). */
export async function meetingCalendarFile(
  deps: MeetingsDeps,
  actor: Actor | null,
  slug: string,
  language: Language,
): Promise<CalendarFile> {
  const row = await repo.findMeetingBySlug(deps.db, slug);
  if (!row) throw notFound('That meeting');
  const loaded = await loadGroup(deps.db, actor, row.groupId);
  authorize(actor, 'meeting.details.read', loaded.context, deps.policy);
  const shown = projectMeeting(row, meetingVisibility(actor, loaded.context, deps.policy));
  return render(deps, [shown], row.name, `${row.slug}.ics`, loaded.group.isOpen, language);
}

/** Every meeting of a group in one calendar, its own words in `language` (the requester's). */
export async function groupCalendarFile(
  deps: MeetingsDeps,
  actor: Actor | null,
  groupSlug: string,
  language: Language,
): Promise<CalendarFile> {
  const loaded = await loadGroup(deps.db, actor, groupSlug);
  authorize(actor, 'meeting.details.read', loaded.context, deps.policy);
  const visibility = meetingVisibility(actor, loaded.context, deps.policy);
  const rows = await repo.listMeetingsOfGroup(deps.db, loaded.group.id);
  const shown = rows.map((row) => projectMeeting(row, visibility));
  const { name, slug, isOpen } = loaded.group;
  return render(deps, shown, name, `${slug}.ics`, isOpen, language);
}

/**
 * The private feed behind a secret URL: unknown, revoked or inactive → 404. Written in the
 * feed owner's saved language (the calendar app that fetches it has no session).
 */
export async function privateCalendarFile(
  deps: MeetingsDeps,
  token: string,
): Promise<CalendarFile> {
  const feed = await repo.findCalendarFeedByHash(deps.db, hashToken(token));
  const person = feed ? await findUserById(deps.db, feed.userId) : undefined;
  if (!feed || !person || person.status !== 'active') throw notFound('That calendar');
  const language = toLanguage(person.locale);
  return render(
    deps,
    await meetingsSeenAsMember(deps.db, person.id),
    calendarWords[language].myMeetings,
    'my-meetings.ics',
    false,
    language,
  );
}

const feedUrl = (deps: MeetingsDeps, token: string) =>
  `${deps.publicUrl}/api/calendar/${token}.ics`;

export async function calendarFeedStatus(
  deps: MeetingsDeps,
  actor: Actor,
): Promise<{ active: boolean; createdAt: string | null }> {
  const feed = await repo.findCalendarFeed(deps.db, actor.userId);
  return { active: Boolean(feed), createdAt: feed?.createdAt.toISOString() ?? null };
}

/** Creates the secret URL, or a new one (the old one stops working at once). */
export async function rotateCalendarFeed(
  deps: MeetingsDeps,
  actor: Actor,
): Promise<{ url: string; webcal: string; createdAt: string }> {
  authorize(actor, 'account.update', { ownerId: actor.userId });
  const token = newToken();
  const feed = await deps.db.transaction(async (tx) => {
    const row = await repo.upsertCalendarFeed(tx, actor.userId, hashToken(token), deps.clock.now());
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: actor.userId,
      action: 'calendar_feed.created',
      resourceType: 'calendar_feed',
      resourceId: actor.userId,
    });
    return row;
  });
  const url = feedUrl(deps, token);
  return {
    url,
    webcal: url.replace(/^https?:/, 'webcal:'),
    createdAt: feed.createdAt.toISOString(),
  };
}

export async function revokeCalendarFeed(deps: MeetingsDeps, actor: Actor): Promise<void> {
  await deps.db.transaction((tx) => revokeCalendarFeedOf(tx, deps.clock, actor.userId, 'asked'));
}

/**
 * Turns off a person's private calendar URL inside the caller's transaction: when they ask,
 * and after a password change or reset (the account may have been taken over, and the URL
 * works without a session). True when there was one.
 */
export async function revokeCalendarFeedOf(
  tx: DbOrTx,
  clock: Clock,
  userId: string,
  reason: 'asked' | 'password_changed' | 'password_reset',
): Promise<boolean> {
  if (!(await repo.deleteCalendarFeed(tx, userId))) return false;
  await recordAudit(tx, clock, {
    actorId: userId,
    subjectId: userId,
    action: 'calendar_feed.revoked',
    resourceType: 'calendar_feed',
    resourceId: userId,
    ...(reason === 'asked' ? {} : { meta: { reason } }),
  });
  return true;
}
