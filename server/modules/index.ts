import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './account/account.routes.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { setupRoutes } from './setup/setup.routes.ts';

/** Every domain module, mounted under /api. */
export async function registerModules(app: FastifyInstance): Promise<void> {
  await app.register(authRoutes, { prefix: '/auth' });
  await app.register(accountRoutes, { prefix: '/account' });
  await app.register(adminRoutes, { prefix: '/admin' });
  await app.register(setupRoutes, { prefix: '/setup' });
}
