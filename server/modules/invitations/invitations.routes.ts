import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Me } from '../../../contracts/auth.ts';
import { errorResponses } from '../../../contracts/common.ts';
import {
  AcceptInvitationNewBody,
  CreateInvitationBody,
  InvitationAccepted,
  InvitationList,
  InvitationListQuery,
  InvitationParams,
  InvitationPreview,
  InvitationTokenBody,
  InvitationView,
} from '../../../contracts/invitations.ts';
import { setSessionCookie } from '../../plugins/session-cookie.ts';
import { serviceDeps } from '../service-deps.ts';
import * as invitations from './invitations.service.ts';

const tags = ['invitations'];
const readSecurity = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

/** Counts per account (the actor is resolved before the limiter runs), else per address. */
const perAccount = (req: FastifyRequest) => (req.user ? `account:${req.user.id}` : req.ip);

/**
 * /api/invitations: staff invite people by email to be admins or to facilitate a group;
 * the link's holder previews and accepts (signed in, or by creating the account).
 */
export async function invitationsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config } = app.deps;
  const deps: invitations.InvitationsDeps = {
    ...serviceDeps(app),
    requireStaffTwoFactor: config.requireStaffTwoFactor,
  };

  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
    return payload;
  });

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Invite someone by email to be an admin, or to facilitate a group',
        security: writeSecurity,
        body: CreateInvitationBody,
        response: { 201: InvitationView, ...errorResponses(400, 401, 403, 404, 429) },
      },
      // Each invitation sends an email: a stolen staff session must not become a mail cannon.
      config: { rateLimit: { max: 20, timeWindow: '1 hour', keyGenerator: perAccount } },
    },
    async (request, reply) =>
      reply.code(201).send(await invitations.createInvitation(deps, request.actor, request.body)),
  );

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Pending invitations: all (admins) or one group’s (those who manage it)',
        security: readSecurity,
        querystring: InvitationListQuery,
        response: { 200: InvitationList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => invitations.listInvitations(deps, request.actor, request.query.groupSlug),
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Withdraw a pending invitation (its link stops working)',
        security: writeSecurity,
        params: InvitationParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await invitations.revokeInvitation(deps, request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  // The link's token travels in a POST body, never a URL the logs would keep.
  const tokenLimit = { rateLimit: { max: 30, timeWindow: '15 minutes' } };

  app.post(
    '/preview',
    {
      schema: {
        tags,
        summary: 'What an invitation link offers, before accepting it',
        body: InvitationTokenBody,
        response: { 200: InvitationPreview, ...errorResponses(400, 404, 409, 429) },
      },
      config: tokenLimit,
    },
    async (request) => invitations.previewInvitation(deps, request.body.token),
  );

  app.post(
    '/accept',
    {
      schema: {
        tags,
        summary: 'Accept an invitation, signed in with the address it was sent to',
        security: writeSecurity,
        body: InvitationTokenBody,
        response: { 200: InvitationAccepted, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
      config: tokenLimit,
    },
    async (request) => invitations.acceptInvitation(deps, request.actor, request.body.token),
  );

  app.post(
    '/accept-new',
    {
      schema: {
        tags,
        summary: 'Accept an invitation by creating the account for its address (signs in)',
        body: AcceptInvitationNewBody,
        response: {
          201: z.object({ user: Me, csrfToken: z.string(), accepted: InvitationAccepted }),
          ...errorResponses(400, 403, 404, 409, 429),
        },
      },
      config: tokenLimit,
    },
    async (request, reply) => {
      const { user, token, csrfToken, accepted } = await invitations.acceptInvitationAsNewPerson(
        deps,
        app.sessions,
        request.body,
        { userAgent: request.headers['user-agent'] ?? null, ip: request.ip },
      );
      setSessionCookie(reply, config, token);
      return reply.code(201).send({ user, csrfToken, accepted });
    },
  );
}
