import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../../contracts/common.ts';
import {
  MeetingReminders,
  NotificationIdParams,
  NotificationList,
  NotificationListQuery,
  NotificationPreferences,
  ReminderMeetingParams,
  UnreadCount,
  UpdateMeetingReminders,
  UpdateNotificationPreferences,
} from '../../../contracts/notifications.ts';
import { noLive, type Live } from '../../lib/live.ts';
import { requireActor } from '../../plugins/actor.ts';
import { markAnswersPersonal } from '../../plugins/no-store.ts';
import { serviceDeps } from '../service-deps.ts';
import { registerNotificationJobs } from './notifications.jobs.ts';
import { getMeetingReminders, setMeetingReminders } from './notifications.reminders.service.ts';
import * as notifications from './notifications.service.ts';

const tags = ['notifications'];
const readSecurity = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

/** /api/me/notifications and /api/me/reminders: only the signed-in person's own. */
export async function notificationsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // `app.live` arrives with the realtime layer; until then nothing is pushed.
  const live = (app as unknown as { live?: Live }).live ?? noLive;
  const deps: notifications.NotificationsDeps = { ...serviceDeps(app), live };
  markAnswersPersonal(app);
  await registerNotificationJobs(app.jobs, deps);

  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first (paged with `before`)',
        security: readSecurity,
        querystring: NotificationListQuery,
        response: { 200: NotificationList, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => notifications.listNotifications(deps, requireActor(request), request.query),
  );

  app.get(
    '/notifications/unread-count',
    {
      schema: {
        tags,
        summary: 'How many of my notifications are unread',
        security: readSecurity,
        response: { 200: UnreadCount, ...errorResponses(401) },
      },
    },
    async (request) => notifications.unreadCount(deps, requireActor(request)),
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of my notifications read',
        security: writeSecurity,
        params: NotificationIdParams,
        response: { 200: UnreadCount, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => notifications.markRead(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        security: writeSecurity,
        response: { 200: UnreadCount, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => notifications.markAllRead(deps, requireActor(request)),
  );

  app.get(
    '/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'My notification preferences: email per kind, and quiet hours',
        security: readSecurity,
        response: { 200: NotificationPreferences, ...errorResponses(401) },
      },
    },
    async (request) => notifications.getPreferences(deps, requireActor(request)),
  );

  app.put(
    '/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'Change my notification preferences (the inbox is always on)',
        security: writeSecurity,
        body: UpdateNotificationPreferences,
        response: { 200: NotificationPreferences, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => notifications.updatePreferences(deps, requireActor(request), request.body),
  );

  app.get(
    '/reminders/:meetingSlug',
    {
      schema: {
        tags,
        summary: 'The reminders I chose for a meeting series',
        description:
          'Any signed-in person for an open group’s meeting; a closed group’s only for its ' +
          'active members (404 to anyone else).',
        security: readSecurity,
        params: ReminderMeetingParams,
        response: { 200: MeetingReminders, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => getMeetingReminders(deps, requireActor(request), request.params.meetingSlug),
  );

  app.put(
    '/reminders/:meetingSlug',
    {
      schema: {
        tags,
        summary: 'Choose reminders for a meeting series (an empty list: none)',
        security: writeSecurity,
        params: ReminderMeetingParams,
        body: UpdateMeetingReminders,
        response: { 200: MeetingReminders, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      setMeetingReminders(deps, requireActor(request), request.params.meetingSlug, request.body),
  );
}
