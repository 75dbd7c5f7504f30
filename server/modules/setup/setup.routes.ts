import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Me, SetupBody, SetupStatus } from '../../../contracts/auth.ts';
import { ErrorBody, errorResponses } from '../../../contracts/common.ts';
import { setSessionCookie } from '../../plugins/session-cookie.ts';
import { SetupService } from './setup.service.ts';

const tags = ['setup'];

/** /api/setup: the first run, before any admin exists. */
export async function setupRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config } = app.deps;
  const setup = new SetupService(app.deps, app.sessions);

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Whether the first admin still has to be created',
        response: { 200: SetupStatus, ...errorResponses(429) },
      },
    },
    async () => setup.status(),
  );

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Create the first admin and sign them in (only while no admin exists)',
        body: SetupBody,
        response: {
          201: z.object({ user: Me, csrfToken: z.string() }),
          400: ErrorBody,
          403: ErrorBody,
          409: ErrorBody,
        },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 hour' } },
    },
    async (request, reply) => {
      const { user, token, csrfToken } = await setup.createFirstAdmin(request.body, {
        userAgent: request.headers['user-agent'] ?? null,
        ip: request.ip,
      });
      setSessionCookie(reply, config, token);
      return reply.code(201).send({ user, csrfToken });
    },
  );
}
