import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { FinderService } from './finder.service.ts';

const services = new WeakMap<AppDeps, FinderService>();

/**
 * The app's one finder (one index in memory), shared by /api/finder and the server-rendered
 * finder page (finder.page.ts), whichever is registered first.
 */
export function sharedFinderService(app: FastifyInstance): FinderService {
  const existing = services.get(app.deps);
  if (existing) return existing;
  const finder = new FinderService(
    app.deps.database.db,
    app.deps.clock,
    app.directoryEvents,
    app.log,
  );
  finder.start();
  services.set(app.deps, finder);
  app.addHook('onClose', async () => {
    finder.stop();
    services.delete(app.deps);
  });
  return finder;
}
