import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../../contracts/common.ts';
import { FinderQuery, FinderResponse } from '../../../contracts/finder.ts';
import { isValidTimeZone } from '../meetings/time-zones.ts';
import { FinderService, type FinderViewer } from './finder.service.ts';

const tags = ['finder'];

/** /api/finder: the public meeting finder (read-only, answered from memory). */
export async function finderRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const finder = new FinderService(
    app.deps.database.db,
    app.deps.clock,
    app.directoryEvents,
    app.log,
  );
  finder.start();
  app.addHook('onClose', async () => finder.stop());

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Find meetings',
        description:
          'Public. Filters live in the query string so a search can be shared. Sorted by ' +
          'relevance with `q`, else by distance with `near`/`place`, else soonest first. ' +
          'Answers carry an ETag and may be cached for 30 seconds.',
        querystring: FinderQuery,
        response: { 200: FinderResponse, 304: z.null(), 400: ErrorBody },
      },
      // Answered from memory with no database work, so the global per-address limit (sized
      // for database-backed routes) would only get in the way of busy shared addresses.
      config: { rateLimit: false },
    },
    async (request, reply) => {
      const viewer = viewerOf(request, request.query.tz, request.query.locale);
      const answer = await finder.search(request.query, viewer);
      reply.header('cache-control', request.actor ? 'private, max-age=30' : 'public, max-age=30');
      // Without tz and locale the answer follows the signed-in person's settings.
      if (!request.query.tz || !request.query.locale) reply.header('vary', 'Cookie');
      reply.header('etag', answer.etag);
      if (request.headers['if-none-match'] === answer.etag) return reply.code(304).send(null);
      // Already JSON text (kept per minute): Fastify sends a string as is, unserialized.
      const body = answer.body as unknown as FinderResponse;
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
}

const zoneValidity = new Map<string, boolean>();

function viewerOf(
  request: FastifyRequest,
  tz: string | undefined,
  locale: string | undefined,
): FinderViewer {
  let zone = tz ?? request.user?.timezone ?? 'UTC';
  if (!tz) {
    let valid = zoneValidity.get(zone);
    if (valid === undefined) zoneValidity.set(zone, (valid = isValidTimeZone(zone)));
    if (!valid) zone = 'UTC';
  }
  return { zone, locale: locale ?? request.user?.locale ?? 'en' };
}
