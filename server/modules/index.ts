import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './account/account.routes.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { attendanceRoutes } from './attendance/attendance.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { finderRoutes } from './finder/finder.routes.ts';
import { groupsRoutes } from './groups/groups.routes.ts';
import { homeRoutes } from './home/home.routes.ts';
import { invitationsRoutes } from './invitations/invitations.routes.ts';
import { meetingGuideRoutes } from './meeting-guide/meeting-guide.routes.ts';
import { meetingsRoutes } from './meetings/meetings.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';
import { settingsRoutes } from './settings/settings.routes.ts';
import { setupRoutes } from './setup/setup.routes.ts';

/** Every domain module, mounted under /api. */
export async function registerModules(app: FastifyInstance): Promise<void> {
  await app.register(authRoutes, { prefix: '/auth' });
  await app.register(accountRoutes, { prefix: '/account' });
  await app.register(adminRoutes, { prefix: '/admin' });
  await app.register(setupRoutes, { prefix: '/setup' });
  await app.register(finderRoutes, { prefix: '/finder' });
  await app.register(groupsRoutes, { prefix: '/groups' });
  await app.register(homeRoutes, { prefix: '/me' });
  await app.register(notificationsRoutes, { prefix: '/me' });
  await app.register(invitationsRoutes, { prefix: '/invitations' });
  await app.register(meetingsRoutes);
  await app.register(attendanceRoutes);
  await app.register(meetingGuideRoutes);
  await app.register(settingsRoutes);
}
