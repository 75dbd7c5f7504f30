import type { FastifyInstance } from 'fastify';

/** Every domain module, mounted under /api. */
export async function registerModules(_app: FastifyInstance): Promise<void> {
  // Modules register here: auth, account, admin, setup, ...
}
