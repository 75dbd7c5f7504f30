import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type pino from 'pino';
import { z } from 'zod';
import type { Database } from './db/client.ts';
import type { Clock } from './lib/clock.ts';
import type { Config } from './lib/config.ts';
import { BackgroundTasks } from './lib/background.ts';
import { DirectoryEvents } from './lib/directory-events.ts';
import { loggerOptions } from './lib/logger.ts';
import type { Mailer } from './lib/mailer.ts';
import { SessionService } from './modules/auth/session.service.ts';
import { registerActor } from './plugins/actor.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import type { Live } from './lib/live.ts';
import { attachRealtime, type Realtime, type RealtimeOptions } from './realtime/socket-server.ts';
import { registerFinderPage } from './modules/finder/finder.page.ts';
import { registerModules } from './modules/index.ts';
import { organisationMailer } from './modules/settings/settings.mailer.ts';
import { SettingsStore } from './modules/settings/settings.service.ts';

/** Swagger UI's greys on white fall under 4.5:1; these keep its look with readable text. */
const docsThemeCss = `
.swagger-ui .info .title small, .swagger-ui .info .title small.version-stamp { background: #1f5f54; }
.swagger-ui .info .title small pre.version { color: #fff; }
.swagger-ui .info a, .swagger-ui .info .url { color: #1d4f91; }
.swagger-ui .btn.authorize { color: #17603f; border-color: #17603f; }
.swagger-ui .btn.authorize svg { fill: #17603f; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1d5fa6; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #17603f; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #8a4b00; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b42318; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #0f6b5c; }
.swagger-ui .opblock .opblock-summary-description,
.swagger-ui .opblock-description-wrapper p, .swagger-ui table thead tr th,
.swagger-ui .parameter__in, .swagger-ui .response-col_links,
.swagger-ui .opblock-tag small, .swagger-ui .model-title, .swagger-ui .prop-format { color: #333; }
`;

export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  mailer: Mailer;
  /** Present when REDIS_URL is set: shared rate limits (and later, live-room fan-out). */
  redis?: Redis;
  /** Where logs go (tests capture them); stdout by default. */
  logStream?: pino.DestinationStream;
  /**
   * Live rooms: more socket event handlers (flow, moderation), the safety screening and
   * the attendance hooks (see server/realtime/socket-server.ts).
   */
  realtime?: RealtimeOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    sessions: SessionService;
    /** Directory changes (groups, meetings) for the finder's index, across instances. */
    directoryEvents: DirectoryEvents;
    /** The organisation's settings, in memory (the CSP reads them on every request). */
    settings: SettingsStore;
    /** Work done after answering (emails whose timing must not tell anything). */
    backgroundTasks: BackgroundTasks;
    /** Pushes to people's open pages and live rooms (Socket.IO; see server/lib/live.ts). */
    live: Live;
    /** The Socket.IO server and the deps room services run with. */
    realtime: Realtime;
  }
}

export type App = FastifyInstance;

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

/** Builds the whole application without listening: tests call `app.inject()`. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logStream
      ? { ...loggerOptions(config.logLevel), stream: deps.logStream }
      : loggerOptions(config.logLevel),
    bodyLimit: 64 * 1024,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const settings = new SettingsStore(deps.database.db, deps.clock, (err) =>
    app.log.warn({ err }, 'could not read the settings'),
  );
  await settings.load();
  app.decorate('settings', settings);
  // Emails go out in the organisation's name, from its sender address (see settings.mailer.ts).
  app.decorate('deps', { ...deps, mailer: organisationMailer(deps.mailer, settings) });
  app.decorate('sessions', new SessionService(deps.database.db, deps.clock, config));
  const directoryEvents = new DirectoryEvents(deps.redis);
  await directoryEvents.start();
  app.decorate('directoryEvents', directoryEvents);
  app.addHook('onClose', () => directoryEvents.stop());
  const backgroundTasks = new BackgroundTasks(app.log);
  app.decorate('backgroundTasks', backgroundTasks);
  app.addHook('onClose', () => backgroundTasks.idle());
  registerErrorHandling(app);

  await app.register(fastifyCookie);
  registerSecurityHeaders(app, config, () => settings.tileOrigins());
  await app.register(fastifyRateLimit, {
    global: true,
    max: 600,
    timeWindow: '1 minute',
    ...(deps.redis ? { redis: deps.redis, nameSpace: 'iconocast-rl-' } : {}),
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: { code: 'rate_limited', message: `Too many requests. Try again in ${ctx.after}.` },
    }),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Iconocast API',
        description:
          'Peer support groups for recovery. Errors are `{ error: { code, message, details } }`.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'iconocast_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    // No top bar (its logo has no text and its URL box no label) and no deep links (links
    // nested in the operation buttons): the page passes axe like the product's own pages.
    uiConfig: { validatorUrl: null, layout: 'BaseLayout', deepLinking: false },
    theme: { title: 'Iconocast API', css: [{ filename: 'theme.css', content: docsThemeCss }] },
    staticCSP: true,
    // Swagger UI's own policy allows any https host and its online validator: ours names none.
    transformStaticCSP: (header) =>
      header
        .replace(/ https:/g, '')
        .replace(/ validator\.swagger\.io/g, '')
        .replace(/frame-ancestors 'self'/, "frame-ancestors 'none'")
        .replace(
          config.publicUrl.startsWith('https://') ? /$^/ : /upgrade-insecure-requests;?/,
          '',
        ),
  });

  registerActor(app);

  // Socket.IO on the same HTTP server (path /socket.io): live rooms and pushes.
  const realtime = attachRealtime(app, deps.realtime);
  app.decorate('realtime', realtime);
  app.decorate('live', realtime.live);

  app.get(
    '/healthz',
    {
      schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } },
      config: { rateLimit: false },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        response: { 200: z.object({ status: z.literal('ready'), database: z.string() }) },
      },
      config: { rateLimit: false },
    },
    async () => {
      await deps.database.ping();
      return { status: 'ready' as const, database: deps.database.kind };
    },
  );

  await app.register(registerModules, { prefix: '/api' });

  await registerWeb(app);
  return app;
}

/** Serves the built single-page app; unknown `/api` paths answer JSON 404s. */
async function registerWeb(app: FastifyInstance): Promise<void> {
  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      // Hashed asset names never change; everything else is revalidated.
      setHeaders: (res, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // The finder's first results come in the page itself (server-rendered).
    registerFinderPage(app, webDist);
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      !/\.\w+$/.test(request.url.split('?')[0]!);
    if (isPage && hasWeb) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    if (isPage) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>Iconocast</title><p>The web app is not built yet. Run ' +
            '<code>npm start</code> (it builds it) or <code>npm run build</code>.</p>',
        );
    }
    return reply.code(404).send({
      error: {
        code: 'not_found',
        message: `No route ${request.method} ${request.url.split('?')[0]}.`,
      },
    });
  });
}
