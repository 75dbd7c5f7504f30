import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../../contracts/common.ts';
import { HomeQuery, MemberHome } from '../../../contracts/home.ts';
import { requireActor } from '../../plugins/actor.ts';
import { markAnswersPersonal } from '../../plugins/no-store.ts';
import { serviceDeps } from '../service-deps.ts';
import { memberHome } from './home.service.ts';

/** /api/me: what the signed-in person's own home page shows. */
export async function homeRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const deps = serviceDeps(app);
  markAnswersPersonal(app);

  app.get(
    '/home',
    {
      schema: {
        tags: ['home'],
        summary: 'My home: my groups, my next meetings, my requests to join and their answers',
        description:
          'Only the person’s own data. Meetings come from groups where their membership is ' +
          'active, each as the meeting policy lets them see it as a member.',
        security: [{ session: [] }],
        querystring: HomeQuery,
        response: { 200: MemberHome, ...errorResponses(400, 401) },
      },
    },
    async (request) => memberHome(deps, requireActor(request), request.query),
  );
}
