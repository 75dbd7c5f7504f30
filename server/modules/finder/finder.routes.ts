import fastifyEtag from '@fastify/etag';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../../contracts/common.ts';
import { FinderQuery, FinderResponse } from '../../../contracts/finder.ts';
import { memoValidatorCompiler } from '../../lib/memo-validator.ts';
import { isValidTimeZone } from '../meetings/time-zones.ts';
import { encodedBody, type ContentEncoding, type FinderViewer } from './finder.service.ts';
import { sharedFinderService } from './finder.shared.ts';

const tags = ['finder'];

/** /api/finder: the public meeting finder (read-only, answered from memory). */
export async function finderRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Conditional GETs: a matching If-None-Match gets 304 (routes set their own ETag, or one is
  // derived from the body).
  await app.register(fastifyEtag);
  const finder = sharedFinderService(app);

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
      // Popular searches repeat: parse each distinct query string once.
      validatorCompiler: memoValidatorCompiler(),
    },
    async (request, reply) => {
      const viewer = viewerOf(request, request.query.tz, request.query.locale);
      const answer = await finder.search(request.query, viewer);
      reply.header('cache-control', request.actor ? 'private, max-age=30' : 'public, max-age=30');
      // Without tz and locale the answer follows the signed-in person's settings.
      const personal = !request.query.tz || !request.query.locale;
      reply.header('vary', personal ? 'Accept-Encoding, Cookie' : 'Accept-Encoding');
      // @fastify/etag answers 304 to a matching If-None-Match.
      reply.header('etag', answer.etag);
      reply.type('application/json; charset=utf-8');
      // Already JSON text (kept per minute): Fastify sends strings and buffers as they are.
      const encoding = preferredEncoding(request.headers['accept-encoding']);
      const compressed = encoding ? encodedBody(answer, encoding) : null;
      if (compressed) {
        reply.header('content-encoding', encoding);
        return reply.send((await compressed) as unknown as FinderResponse);
      }
      return reply.send(answer.body as unknown as FinderResponse);
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

const encodingChoices = new Map<string, ContentEncoding | null>();

/** Brotli, else gzip, when the client takes it (browsers always do); remembered per header. */
function preferredEncoding(header: string | undefined): ContentEncoding | null {
  if (!header) return null;
  let choice = encodingChoices.get(header);
  if (choice === undefined) {
    const accepted = new Set<string>();
    for (const part of header.toLowerCase().split(',')) {
      const [name, ...params] = part.split(';').map((p) => p.trim());
      const q = params.find((p) => p.startsWith('q='));
      if (name && (!q || Number(q.slice(2)) > 0)) accepted.add(name);
    }
    choice = accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : null;
    if (encodingChoices.size > 100) encodingChoices.clear();
    encodingChoices.set(header, choice);
  }
  return choice;
}
