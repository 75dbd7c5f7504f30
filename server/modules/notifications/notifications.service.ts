import type {
  NotificationKind,
  NotificationList,
  NotificationPreferences,
  UpdateNotificationPreferences,
} from '../../../contracts/notifications.ts';
import { notificationKinds } from '../../../contracts/notifications.ts';
import type { DbOrTx } from '../../db/client.ts';
import { toLanguage } from '../../i18n/index.ts';
import { notFound } from '../../lib/errors.ts';
import { noLive, type Live } from '../../lib/live.ts';
import type { Actor } from '../../policies/index.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { findUserById } from '../users/users.service.ts';
import { kinds, renderNotification, staleAtOf, type KindData } from './notification-kinds.ts';
import { notificationEmail } from './notifications.emails.ts';
import { presentNotification } from './notifications.presenter.ts';
import * as repo from './notifications.repository.ts';
import { quietHoursEnd, type QuietHoursSetting } from './notifications.rules.ts';

/** The job that emails one notification (its data: `{ notificationId }`). */
export const EMAIL_JOB = 'notification-email';

/** What `notify` needs: any module's ServiceDeps will do (`live` defaults to none). */
export type NotifyDeps = Pick<ServiceDeps, 'db' | 'clock' | 'jobs'> & { live?: Live };

/** What the inbox routes and the jobs need. */
export type NotificationsDeps = ServiceDeps & { live: Live };

const DEFAULT_QUIET: QuietHoursSetting = { enabled: false, start: '22:00', end: '07:00' };

/**
 * THE entry point of the notification system: tells `userId` about something of `kind`.
 * Stores it in their inbox (once per `dedupeKey`: a retried job or a second call with the
 * same key does nothing and returns null), pushes their new unread count live, and queues
 * the email when their preference for the kind says email (held until their quiet hours
 * end). Call it after your own transaction commits. `data` is checked against the kind's
 * schema and must hold ids, slugs and times only, never words about health.
 */
export async function notify<K extends NotificationKind>(
  deps: NotifyDeps,
  userId: string,
  kind: K,
  data: KindData<K>,
  opts: { dedupeKey?: string } = {},
): Promise<{ id: string } | null> {
  const parsed = kinds[kind].data.parse(data) as Record<string, string | number | boolean | null>;
  const now = deps.clock.now();
  const saved = await repo.insertNotification(deps.db, {
    userId,
    kind,
    data: parsed,
    createdAt: now,
    dedupeKey: opts.dedupeKey ?? null,
  });
  if (!saved) return null;
  await pushUnread(deps, userId);
  const prefs = await repo.findPreferences(deps.db, userId);
  if (wantsEmail(prefs, kind)) {
    const user = await findUserById(deps.db, userId);
    const quiet = user ? quietHoursEnd(now, quietOf(prefs), user.timezone) : null;
    await deps.jobs.sendAt(EMAIL_JOB, { notificationId: saved.id }, quiet ?? now, {
      singletonKey: saved.id,
    });
  }
  return { id: saved.id };
}

async function pushUnread(deps: Pick<NotifyDeps, 'db' | 'live'>, userId: string): Promise<void> {
  const unread = await repo.countUnread(deps.db, userId);
  (deps.live ?? noLive).toUser(userId, 'inbox:unread', { unread });
}

function wantsEmail(prefs: repo.PreferencesRow | undefined, kind: string): boolean {
  const def = (kinds as Record<string, { email: boolean }>)[kind];
  if (!def) return false;
  if (prefs?.emailOff.includes(kind)) return false;
  if (prefs?.emailOn.includes(kind)) return true;
  return def.email;
}

const quietOf = (prefs: repo.PreferencesRow | undefined): QuietHoursSetting =>
  prefs
    ? { enabled: prefs.quietHoursEnabled, start: prefs.quietStart, end: prefs.quietEnd }
    : DEFAULT_QUIET;

/**
 * The email job: sends one notification's email, at most once (the row's `emailed_at` is
 * claimed first), re-reading the person's preferences and quiet hours at send time (they may
 * have changed while it waited). A stale one (a reminder for a meeting that has started) is
 * dropped.
 */
export async function deliverEmail(deps: ServiceDeps, notificationId: string): Promise<void> {
  const row = await repo.findNotification(deps.db, notificationId);
  if (!row || row.emailedAt) return;
  const user = await findUserById(deps.db, row.userId);
  if (!user || user.status !== 'active' || !user.email) return;
  const prefs = await repo.findPreferences(deps.db, row.userId);
  if (!wantsEmail(prefs, row.kind)) return;
  const now = deps.clock.now();
  const quiet = quietHoursEnd(now, quietOf(prefs), user.timezone);
  if (quiet) {
    await deps.jobs.sendAt(EMAIL_JOB, { notificationId }, quiet, {
      singletonKey: `${notificationId}:${quiet.toISOString()}`,
    });
    return;
  }
  const stale = staleAtOf(row.kind, row.data);
  if (stale && stale <= now) return;
  if (!(await repo.claimEmail(deps.db, row.id, now))) return;
  const language = toLanguage(user.locale);
  const text = renderNotification(row.kind, row.data, { language, timezone: user.timezone });
  try {
    await deps.mailer.send(
      notificationEmail(
        user.email,
        { title: text.title, body: text.body },
        `${deps.publicUrl}/inbox`,
        language,
      ),
    );
  } catch (err) {
    // Not sent: let the job retry.
    await repo.unclaimEmail(deps.db, row.id);
    throw err;
  }
}

// --- the inbox -----------------------------------------------------------------------------

async function readerOf(db: DbOrTx, userId: string) {
  const user = await findUserById(db, userId);
  return { language: toLanguage(user?.locale), timezone: user?.timezone ?? 'UTC' };
}

export async function listNotifications(
  deps: NotificationsDeps,
  actor: Actor,
  query: { before?: string | undefined; limit: number },
): Promise<NotificationList> {
  let before: repo.NotificationRow | undefined;
  if (query.before) {
    before = await repo.findNotification(deps.db, query.before);
    if (!before || before.userId !== actor.userId) throw notFound('That notification');
  }
  const rows = await repo.listNotifications(deps.db, actor.userId, {
    limit: query.limit + 1,
    ...(before ? { before } : {}),
  });
  const reader = await readerOf(deps.db, actor.userId);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => presentNotification(r, reader)),
    unread: await repo.countUnread(deps.db, actor.userId),
    nextBefore: rows.length > query.limit ? page.at(-1)!.id : null,
  };
}

export async function unreadCount(deps: NotificationsDeps, actor: Actor) {
  return { unread: await repo.countUnread(deps.db, actor.userId) };
}

/** Marks one of the person's notifications read; another person's answers 404. */
export async function markRead(deps: NotificationsDeps, actor: Actor, id: string) {
  const row = await repo.findNotification(deps.db, id);
  if (!row || row.userId !== actor.userId) throw notFound('That notification');
  await repo.markRead(deps.db, actor.userId, id, deps.clock.now());
  await pushUnread(deps, actor.userId);
  return unreadCount(deps, actor);
}

export async function markAllRead(deps: NotificationsDeps, actor: Actor) {
  await repo.markAllRead(deps.db, actor.userId, deps.clock.now());
  await pushUnread(deps, actor.userId);
  return { unread: 0 };
}

// --- preferences ---------------------------------------------------------------------------

export async function getPreferences(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
): Promise<NotificationPreferences> {
  const prefs = await repo.findPreferences(deps.db, actor.userId);
  const user = await findUserById(deps.db, actor.userId);
  return {
    kinds: notificationKinds.map((kind) => ({
      kind,
      inbox: true as const,
      email: wantsEmail(prefs, kind),
    })),
    quietHours: quietOf(prefs),
    timezone: user?.timezone ?? 'UTC',
  };
}

export async function updatePreferences(
  deps: NotificationsDeps,
  actor: Actor,
  body: UpdateNotificationPreferences,
): Promise<NotificationPreferences> {
  await deps.db.transaction(async (tx) => {
    const prefs = await repo.findPreferences(tx, actor.userId);
    const off = new Set(prefs?.emailOff ?? []);
    const on = new Set(prefs?.emailOn ?? []);
    for (const { kind, email } of body.kinds ?? []) {
      off.delete(kind);
      on.delete(kind);
      // Stored only where it differs from the kind's default.
      if (email !== kinds[kind].email) (email ? on : off).add(kind);
    }
    const quiet = body.quietHours ?? quietOf(prefs);
    await repo.upsertPreferences(tx, {
      userId: actor.userId,
      emailOff: [...off].sort(),
      emailOn: [...on].sort(),
      quietHoursEnabled: quiet.enabled,
      quietStart: quiet.start,
      quietEnd: quiet.end,
      updatedAt: deps.clock.now(),
    });
  });
  return getPreferences(deps, actor);
}
