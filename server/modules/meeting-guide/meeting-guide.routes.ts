import { Negotiator } from '@fastify/accept-negotiator';
import fastifyEtag from '@fastify/etag';
import { errorResponses } from '../../../contracts/common.ts';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ImportFeedBody,
  ImportStreamLine,
  MAX_FEED_CHARS,
  MeetingGuideFeed,
} from '../../../contracts/meeting-guide.ts';
import { requireActor } from '../../plugins/actor.ts';
import { adminGate, policyContext } from '../../policies/index.ts';
import {
  type FeedDocument,
  type FeedEncoding,
  buildPublicFeed,
  startUpload,
} from './meeting-guide.service.ts';

/** The generated feed is rebuilt after a directory change, and at least this often. */
const FEED_MAX_AGE_SECONDS = 300;

/** Brotli before gzip when a client takes both equally (q-values honoured). */
const encodings = new Negotiator<FeedEncoding>({ supportedValues: ['br', 'gzip'] });

/**
 * `GET /api/meeting-guide.json` (public, any site may read it) and
 * `POST /api/admin/meeting-guide/import` (admins). Mounted under /api without a prefix.
 */
export async function meetingGuideRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Conditional GETs: a matching If-None-Match gets 304 (routes set their own ETag, or one is
  // derived from the body).
  await app.register(fastifyEtag);
  const { config, database, clock } = app.deps;

  // The body is generated once and kept until the directory changes (or it is five minutes
  // old: series end as days pass). Concurrent requests share one build.
  let cached: { doc: FeedDocument; builtAt: number } | null = null;
  let building: Promise<FeedDocument> | null = null;
  let generation = 0;
  const unsubscribe = app.directoryEvents.onChange(() => {
    generation++;
    cached = null;
  });
  app.addHook('onClose', async () => unsubscribe());
  const currentFeed = async (): Promise<FeedDocument> => {
    const now = clock.now().getTime();
    if (cached && now - cached.builtAt < FEED_MAX_AGE_SECONDS * 1000) return cached.doc;
    if (!building) {
      const startedAt = generation;
      building = buildPublicFeed(database.db, clock, config.publicUrl)
        .then((doc) => {
          // A change during the build may not be in it: serve it once, keep nothing.
          if (startedAt === generation) cached = { doc, builtAt: now };
          return doc;
        })
        .finally(() => {
          building = null;
        });
    }
    return building;
  };

  const corsHeaders = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, HEAD, OPTIONS',
    'access-control-allow-headers': 'If-None-Match',
    'access-control-expose-headers': 'ETag',
    'access-control-max-age': '86400',
    // Public data: let pages on other sites read it (helmet's default is same-origin).
    'cross-origin-resource-policy': 'cross-origin',
  };

  app.get(
    '/meeting-guide.json',
    {
      schema: {
        tags: ['meeting-guide'],
        summary:
          'Every public meeting as a Meeting Guide feed (JSON array; CORS; ETag; br or gzip)',
        description:
          'One entry per meeting day, following the Meeting Guide spec (code4recovery/spec): ' +
          'integer `day`, `HH:MM` times, `timezone` on every entry, an address on every entry ' +
          '(online-only meetings give their area with `approximate: "yes"`), types, ' +
          '`attendance_option`, conference fields, UTC `updated`, stable unique slugs. ' +
          'Meetings of closed groups are not listed. Send `If-None-Match` for a 304. ' +
          'Compressed with brotli or gzip when `Accept-Encoding` allows (each has its own ETag).',
        response: {
          200: MeetingGuideFeed,
          304: z.null().describe('Not modified'),
          ...errorResponses(429),
        },
      },
    },
    async (request, reply) => {
      const doc = await currentFeed();
      const header = request.headers['accept-encoding'];
      const encoding = header ? encodings.negotiate(header) : null;
      reply
        .headers(corsHeaders)
        .header('cache-control', `public, max-age=${FEED_MAX_AGE_SECONDS}`)
        .header('vary', 'Accept-Encoding')
        .type('application/json; charset=utf-8');
      if (!encoding) {
        // Already JSON: sent as is, not serialized again. @fastify/etag answers 304.
        return reply.header('etag', doc.etag).send(doc.body as never);
      }
      // Compressed when the feed was built; each encoding is its own representation, so its
      // own strong ETag. A content-encoding already set keeps app-wide compression away.
      return reply
        .header('etag', `${doc.etag.slice(0, -1)}-${encoding}"`)
        .header('content-encoding', encoding)
        .send(doc.encoded[encoding] as never);
    },
  );

  app.options('/meeting-guide.json', { schema: { hide: true } }, async (_request, reply) =>
    reply.headers(corsHeaders).code(204).send(),
  );

  await app.register(async (admin) => {
    const adminApp = admin.withTypeProvider<ZodTypeProvider>();
    const policy = policyContext(config);
    adminApp.addHook('preValidation', adminGate(policy));

    adminApp.post(
      '/admin/meeting-guide/import',
      {
        // The feed travels as a JSON string: escaped quotes make it larger than its text.
        bodyLimit: 2 * MAX_FEED_CHARS,
        schema: {
          tags: ['admin', 'meeting-guide'],
          summary: 'Import a Meeting Guide feed (answers NDJSON progress lines, then the result)',
          description:
            'Checks the feed as a whole first: a bad zone or a text that is not a JSON array ' +
            'is a 400 naming the field. Then answers `application/x-ndjson`: ' +
            '`{"type":"progress","done":n,"total":m}` lines, then `{"type":"result","result":…}` ' +
            '(or `{"type":"error",…}` if it stopped part way; earlier batches stay saved).',
          security: [{ session: [], csrf: [] }],
          body: ImportFeedBody,
          response: {
            200: ImportStreamLine.describe('One JSON object per line'),
            ...errorResponses(400, 401, 403, 413),
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const run = startUpload(
          {
            db: database.db,
            clock,
            policy,
            onChanged: () => app.directoryEvents.changed(),
          },
          actor,
          request.body,
        );
        const stream = new PassThrough();
        const write = (line: ImportStreamLine) => stream.write(`${JSON.stringify(line)}\n`);
        void run((p) => write({ type: 'progress', done: p.done, total: p.total }))
          .then((result) => write({ type: 'result', result }))
          .catch((err: unknown) => {
            request.log.error({ err }, 'meeting guide import stopped');
            write({
              type: 'error',
              error: {
                code: 'internal',
                message:
                  'The import stopped part way. Batches already saved stay saved; importing ' +
                  'the same feed again finishes the rest without duplicates.',
              },
            });
          })
          .finally(() => stream.end());
        return reply
          .type('application/x-ndjson; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(stream as never);
      },
    );
  });
}
