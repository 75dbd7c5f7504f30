import { errorResponses } from '../../../contracts/common.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CrisisLinesSettings,
  MapSettings,
  OrganisationSettings,
  PublicOrganisation,
  PublicSettings,
  LOGO_MAX_BYTES,
  UpdateLogoBody,
  UpdateOrganisationBody,
  UpdateCrisisLinesBody,
  UpdateMapSettingsBody,
} from '../../../contracts/settings.ts';
import { z } from 'zod';
import { notFound } from '../../lib/errors.ts';
import { requireActor } from '../../plugins/actor.ts';
import { adminGate, policyContext } from '../../policies/index.ts';
import * as settings from './settings.service.ts';

/**
 * `GET /api/settings/public` (anyone: what the web app needs to know, e.g. whether there is
 * a map, and the crisis lines) and `GET|PUT /api/admin/settings/map` and
 * `GET|PUT /api/admin/settings/crisis-lines` (admins). Mounted under /api without a prefix.
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
        summary:
          "The organisation's public settings (the map's tile server, if any; the crisis lines)",
        response: { 200: PublicSettings, ...errorResponses(429) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return settings.publicSettings(app.settings);
    },
  );

  app.get(
    '/settings/organisation',
    {
      schema: {
        tags: ['settings'],
        summary:
          "The organisation's name, privacy notice and community guidelines (sanitised HTML)",
        response: { 200: PublicOrganisation, ...errorResponses(429) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return settings.publicOrganisation(deps);
    },
  );

  app.get(
    '/settings/logo',
    {
      schema: {
        tags: ['settings'],
        summary: "The organisation's logo (PNG, JPEG or WebP), with its ETag",
        description:
          'Served from our own origin; a matching If-None-Match gets 304. Cached for a day: ' +
          'the address in `GET /api/settings/organisation` changes with the image.',
        response: { ...errorResponses(404, 429) },
      },
    },
    async (request, typedReply) => {
      // An image, not JSON: past the schema's typed answers (only the errors are JSON).
      const reply = typedReply as FastifyReply;
      const logo = await settings.getLogo(deps);
      if (!logo) throw notFound('The logo');
      reply
        .header('etag', logo.etag)
        .header('cache-control', 'public, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox");
      const match = request.headers['if-none-match'];
      if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === logo.etag)) {
        return reply.code(304).send();
      }
      return reply.header('content-type', logo.contentType).send(logo.bytes);
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

    adminApp.get(
      '/admin/settings/crisis-lines',
      {
        schema: {
          tags: ['admin', 'settings'],
          summary: "The organisation's crisis lines (the defaults until set)",
          security: [{ session: [] }],
          response: { 200: CrisisLinesSettings, ...errorResponses(401, 403) },
        },
      },
      async (request) => settings.getCrisisLines(deps, requireActor(request)),
    );

    adminApp.put(
      '/admin/settings/crisis-lines',
      {
        schema: {
          tags: ['admin', 'settings'],
          summary: 'Replace the crisis lines, or go back to the defaults (lines: null)',
          description:
            'Shown to every visitor behind "Get help now" and in the footer, the visitor’s ' +
            'country first. Each line has a country (ISO 3166-1 alpha-2, or INTL), a name and ' +
            'at least one of: a number to call, a number to text (with an optional keyword), ' +
            'an https address. Audited as `settings.crisis_lines_changed`.',
          security: [{ session: [], csrf: [] }],
          body: UpdateCrisisLinesBody,
          response: { 200: CrisisLinesSettings, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => settings.updateCrisisLines(deps, requireActor(request), request.body),
    );

    adminApp.get(
      '/admin/settings/organisation',
      {
        schema: {
          tags: ['admin', 'settings'],
          summary: "The organisation's name and texts (markdown), to edit",
          security: [{ session: [] }],
          response: { 200: OrganisationSettings, ...errorResponses(401, 403) },
        },
      },
      async (request) => settings.getOrganisation(deps, requireActor(request)),
    );

    adminApp.put(
      '/admin/settings/organisation',
      {
        schema: {
          tags: ['admin', 'settings'],
          summary: "Replace the organisation's name, privacy notice and community guidelines",
          description:
            'Texts are markdown (rendered and sanitised for everyone; empty: none). Audited as ' +
            '`settings.organisation_changed`, naming which parts changed.',
          security: [{ session: [], csrf: [] }],
          body: UpdateOrganisationBody,
          response: { 200: OrganisationSettings, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => settings.updateOrganisation(deps, requireActor(request), request.body),
    );

    adminApp.put(
      '/admin/settings/logo',
      {
        // base64 makes the image a third larger; a little room for the JSON around it.
        bodyLimit: Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 4096,
        schema: {
          tags: ['admin', 'settings'],
          summary: "Replace the organisation's logo",
          description:
            `JSON \`{ "data": "<base64>" }\`: a PNG, JPEG or WebP image of at most ` +
            `${LOGO_MAX_BYTES / 1024} KB, recognised by its first bytes (SVG is refused). ` +
            'Shown in the header beside the name. Audited as `settings.logo_changed`.',
          security: [{ session: [], csrf: [] }],
          body: UpdateLogoBody,
          response: {
            200: z.object({ logoUrl: z.string() }),
            ...errorResponses(400, 401, 403, 413),
          },
        },
      },
      async (request) => settings.updateLogo(deps, requireActor(request), request.body),
    );

    adminApp.delete(
      '/admin/settings/logo',
      {
        schema: {
          tags: ['admin', 'settings'],
          summary: "Remove the organisation's logo",
          description: 'Audited as `settings.logo_changed`.',
          security: [{ session: [], csrf: [] }],
          response: { 204: z.null(), ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        await settings.deleteLogo(deps, requireActor(request));
        return reply.code(204).send(null);
      },
    );
  });
}
