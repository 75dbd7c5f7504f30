import type { MeetingReminders, UpdateMeetingReminders } from '../../../contracts/notifications.ts';
import { authorize, can, type Actor } from '../../policies/index.ts';
import { loadGroupContext } from '../groups/groups.service.ts';
import {
  findMeetingForReminders,
  occurrencesStartingBetween,
} from '../meetings/meetings.reminders.service.ts';
import * as repo from './notifications.repository.ts';
import { isReminderDue, reminderKey, SWEEP_LOOKBACK_MINUTES } from './notifications.rules.ts';
import { notify, type NotificationsDeps, type NotifyDeps } from './notifications.service.ts';

/** The periodic job that sends due meeting reminders (every minute). */
export const REMINDER_SWEEP_JOB = 'reminder-sweep';

/** The reminders the person chose for a meeting series (404 where they may not have any). */
export async function getMeetingReminders(
  deps: NotificationsDeps,
  actor: Actor,
  slug: string,
): Promise<MeetingReminders> {
  const meeting = await findMeetingForReminders(deps.db, actor, slug);
  authorize(actor, 'meeting.remind', meeting.context, deps.policy);
  const row = await repo.findReminder(deps.db, actor.userId, meeting.id);
  return { meetingSlug: meeting.slug, minutesBefore: sorted(row?.minutesBefore ?? []) };
}

const sorted = (m: readonly number[]) =>
  [...m].sort((a, b) => a - b) as MeetingReminders['minutesBefore'];

/** Sets the reminders for a meeting series; an empty list removes them. */
export async function setMeetingReminders(
  deps: NotificationsDeps,
  actor: Actor,
  slug: string,
  body: UpdateMeetingReminders,
): Promise<MeetingReminders> {
  return deps.db.transaction(async (tx) => {
    const meeting = await findMeetingForReminders(tx, actor, slug);
    authorize(actor, 'meeting.remind', meeting.context, deps.policy);
    if (body.minutesBefore.length === 0) {
      await repo.deleteReminder(tx, actor.userId, meeting.id);
    } else {
      await repo.upsertReminder(tx, {
        userId: actor.userId,
        meetingId: meeting.id,
        minutesBefore: sorted(body.minutesBefore),
        createdAt: deps.clock.now(),
      });
    }
    return { meetingSlug: meeting.slug, minutesBefore: sorted(body.minutesBefore) };
  });
}

const asMember = (userId: string): Actor => ({
  userId,
  role: 'member',
  twoFactorEnabled: false,
  sessionId: '',
});

/**
 * One pass of the reminder job: every reminder whose time came in the last few minutes,
 * for an occurrence not yet started and not cancelled, to people the policy still lets be
 * reminded (a closed group's active members). Safe to run twice: each reminder has its
 * own dedupe key (person, meeting, occurrence, minutes before). Returns how many it sent.
 */
export async function sweepReminders(deps: NotifyDeps): Promise<number> {
  const now = deps.clock.now();
  const choices = await repo.listAllReminders(deps.db);
  if (choices.length === 0) return 0;
  const longest = Math.max(...choices.flatMap((c) => c.minutesBefore));
  const meetings = await occurrencesStartingBetween(
    deps.db,
    [...new Set(choices.map((c) => c.meetingId))],
    now,
    new Date(now.getTime() + (longest + SWEEP_LOOKBACK_MINUTES) * 60_000),
  );
  let sent = 0;
  for (const meeting of meetings) {
    for (const choice of choices.filter((c) => c.meetingId === meeting.id)) {
      const due = meeting.occurrences.flatMap((o) =>
        choice.minutesBefore.filter((m) => isReminderDue(o.start, m, now)).map((m) => ({ o, m })),
      );
      if (due.length === 0) continue;
      const member = asMember(choice.userId);
      const { context } = await loadGroupContext(deps.db, member, meeting.groupId);
      if (!can(member, 'meeting.remind', context)) continue;
      for (const { o, m } of due) {
        const occurrence = {
          meetingSlug: meeting.slug,
          occurrenceId: o.occurrenceId,
          start: o.start.toISOString(),
        };
        // A cancelled occurrence: no reminder, but word (once) at the first reminder's time.
        const done = o.cancelled
          ? await notify(deps, choice.userId, 'meeting_cancelled', occurrence, {
              dedupeKey: `meeting_cancelled:${choice.userId}:${meeting.id}:${o.occurrenceId}`,
            })
          : await notify(
              deps,
              choice.userId,
              'meeting_reminder',
              { ...occurrence, minutesBefore: m },
              { dedupeKey: reminderKey(choice.userId, meeting.id, o.occurrenceId, m) },
            );
        if (done) sent++;
      }
    }
  }
  return sent;
}
