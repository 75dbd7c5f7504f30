import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AddFacilitatorBody,
  CreateGroupBody,
  FacilitatorList,
  GroupListQuery,
  GroupMemberList,
  GroupMemberParams,
  GroupPage,
  GroupSlugParams,
  GroupView,
  JoinGroupBody,
  JoinRequestList,
  JoinResult,
  MatchBody,
  MatchResponse,
  MembershipDecisionResult,
  UpdateGroupBody,
} from '../../../contracts/groups.ts';
import { ErrorBody } from '../../../contracts/common.ts';
import { GroupAgenda, UpdateAgendaBody } from '../../../contracts/rooms.ts';
import { serviceDeps } from '../service-deps.ts';
import * as agenda from './groups.agenda.service.ts';
import * as memberships from './groups.memberships.service.ts';
import * as groups from './groups.service.ts';

const tags = ['groups'];
const optionalSession: { [label: string]: string[] }[] = [{}, { session: [] }];
const readSecurity = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * /api/groups: the public list and group pages (closed groups too: only their members,
 * meeting details and discussion are for members), joining and leaving, members and join
 * requests, facilitators, and the "find my group" questionnaire.
 */
export async function groupsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const deps = serviceDeps(app);

  // Everything but the public list depends on who asks (or names people): never cached.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
    return payload;
  });

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List groups (public; by name, paged)',
        security: optionalSession,
        querystring: GroupListQuery,
        response: { 200: GroupPage, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const page = await groups.listGroups(deps, request.query);
      // The same for everyone: a short shared cache is fine.
      return reply.header('cache-control', 'public, max-age=60').send(page);
    },
  );

  app.post(
    '/match',
    {
      schema: {
        tags,
        summary: '"Find my group": rank groups for a newcomer’s answers, with reasons',
        description:
          'Public. Up to 10 groups, groups that fit first; each reason is a stable code with ' +
          'params for the client to put into words.',
        security: optionalSession,
        body: MatchBody,
        response: { 200: MatchResponse, 400: ErrorBody },
      },
    },
    async (request) => groups.matchGroups(deps, request.body),
  );

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Create a group (admins and facilitators)',
        security: writeSecurity,
        body: CreateGroupBody,
        response: { 201: GroupView, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await groups.createGroup(deps, request.actor, request.body)),
  );

  app.get(
    '/:slug',
    {
      schema: {
        tags,
        summary: 'A group’s public page, with the viewer’s own membership',
        security: optionalSession,
        params: GroupSlugParams,
        response: { 200: GroupView, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => groups.getGroupPage(deps, request.actor, request.params.slug),
  );

  app.patch(
    '/:slug',
    {
      schema: {
        tags,
        summary: 'Edit a group (its facilitators and admins)',
        security: writeSecurity,
        params: GroupSlugParams,
        body: UpdateGroupBody,
        response: { 200: GroupView, ...errors },
      },
    },
    async (request) => groups.updateGroup(deps, request.actor, request.params.slug, request.body),
  );

  app.get(
    '/:slug/agenda',
    {
      schema: {
        tags,
        summary: 'The group’s usual meeting format (its members, facilitators and admins)',
        security: readSecurity,
        params: GroupSlugParams,
        response: {
          200: GroupAgenda,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => agenda.getGroupAgenda(deps, request.actor, request.params.slug),
  );

  app.put(
    '/:slug/agenda',
    {
      schema: {
        tags,
        summary: 'Change the group’s usual meeting format (its facilitators and admins)',
        security: writeSecurity,
        params: GroupSlugParams,
        body: UpdateAgendaBody,
        response: { 200: GroupAgenda, ...errors },
      },
    },
    async (request) =>
      agenda.updateGroupAgenda(deps, request.actor, request.params.slug, request.body),
  );

  app.post(
    '/:slug/join',
    {
      schema: {
        tags,
        summary: 'Join an open group, or ask to join a closed one',
        description: 'When the group has an agreement, `acceptAgreement` must be true.',
        security: writeSecurity,
        params: GroupSlugParams,
        body: JoinGroupBody,
        response: { 200: JoinResult, ...errors },
      },
    },
    async (request) =>
      memberships.joinGroup(deps, request.actor, request.params.slug, request.body ?? {}),
  );

  app.post(
    '/:slug/leave',
    {
      schema: {
        tags,
        summary: 'Leave a group, or withdraw a request to join',
        security: writeSecurity,
        params: GroupSlugParams,
        response: { 200: JoinResult, ...errors },
      },
    },
    async (request) => memberships.leaveGroup(deps, request.actor, request.params.slug),
  );

  app.get(
    '/:slug/members',
    {
      schema: {
        tags,
        summary: 'Who is in the group (its members, facilitators and admins only)',
        description:
          'Display names only. People who show their profile to facilitators only are listed ' +
          'for the group’s facilitators and admins; pronouns only where the person shows them.',
        security: readSecurity,
        params: GroupSlugParams,
        response: { 200: GroupMemberList, ...errors },
      },
    },
    async (request) => groups.listMembers(deps, request.actor, request.params.slug),
  );

  app.get(
    '/:slug/requests',
    {
      schema: {
        tags,
        summary: 'Requests to join waiting for a decision (facilitators and admins)',
        security: readSecurity,
        params: GroupSlugParams,
        response: { 200: JoinRequestList, ...errors },
      },
    },
    async (request) => groups.listRequests(deps, request.actor, request.params.slug),
  );

  const decisions = {
    approve: 'Approve a request to join (the person gets an email that says nothing more)',
    decline: 'Decline a request to join (the person gets an email that says nothing more)',
    remove: 'Remove a member from the group',
  } as const;
  for (const kind of Object.keys(decisions) as memberships.MembershipDecisionKind[]) {
    app.post(
      `/:slug/members/:userId/${kind}`,
      {
        schema: {
          tags,
          summary: decisions[kind],
          security: writeSecurity,
          params: GroupMemberParams,
          response: { 200: MembershipDecisionResult, ...errors },
        },
      },
      async (request) =>
        memberships.decideMembership(
          deps,
          request.actor,
          request.params.slug,
          request.params.userId,
          kind,
        ),
    );
  }

  app.post(
    '/:slug/facilitators',
    {
      schema: {
        tags,
        summary: 'Make someone with the facilitator role a facilitator of this group (admins)',
        security: writeSecurity,
        params: GroupSlugParams,
        body: AddFacilitatorBody,
        response: { 200: FacilitatorList, ...errors },
      },
    },
    async (request) =>
      memberships.addFacilitator(deps, request.actor, request.params.slug, request.body.userId),
  );

  app.delete(
    '/:slug/facilitators/:userId',
    {
      schema: {
        tags,
        summary: 'Stop someone facilitating this group; they stay a member (admins)',
        security: writeSecurity,
        params: GroupMemberParams,
        response: { 200: FacilitatorList, ...errors },
      },
    },
    async (request) =>
      memberships.removeFacilitator(
        deps,
        request.actor,
        request.params.slug,
        request.params.userId,
      ),
  );
}
