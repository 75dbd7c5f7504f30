import { errorResponses } from '../../../contracts/common.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MapSettings, PublicSettings, UpdateMapSettingsBody } from '../../../contracts/settings.ts';
import { requireActor } from '../../plugins/actor.ts';
import { adminGate, policyContext } from '../../policies/index.ts';
import * as settings from './settings.service.ts';

/**
 * `GET /api/settings/public` (anyone: what the web app needs to know, e.g. whether there is
 * a map) and `GET|PUT /api/admin/settings/map` (admins). Mounted under /api without a prefix.
 */
export async function settingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config, database, clock } = app.deps;
  const deps: settings.SettingsDeps = {
    db: database.db,
    clock,
    policy: policyContext(config),
    store: app.settings,
  };

  app.get(
    '/settings/public',
    {
      schema: {
        tags: ['settings'],
        summary: "The organisation's public settings (the map's tile server, if any)",
        response: { 200: PublicSettings, ...errorResponses(429) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return settings.publicSettings(app.settings);
    },
  );

  await app.register(async (admin) => {
    const adminApp = admin.withTypeProvider<ZodTypeProvider>();
    adminApp.addHook('preValidation', adminGate(deps.policy));

    adminApp.get(
      '/admin/settings/map',
      {
        schema: {
          tags: ['admin', 'settings'],
          summary: "The map's tile server",
          security: [{ session: [] }],
          response: { 200: MapSettings, ...errorResponses(401, 403) },
        },
      },
      async (request) => settings.getMapSettings(deps, requireActor(request)),
    );

    adminApp.put(
      '/admin/settings/map',
      {
        schema: {
          tags: ['admin', 'settings'],
          summary: "Set or clear (tileUrl: null) the map's tile server",
          description:
            'With a tile server, the finder offers a map and every visitor who opens it ' +
            "contacts that host; the host is added to the Content-Security-Policy's img-src. " +
            'https only (plain http only for 127.0.0.1 or localhost); {z}, {x} and {y} are ' +
            'required, {s} optional. Audited as `settings.map_changed`.',
          security: [{ session: [], csrf: [] }],
          body: UpdateMapSettingsBody,
          response: { 200: MapSettings, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => settings.updateMapSettings(deps, requireActor(request), request.body),
    );
  });
}
