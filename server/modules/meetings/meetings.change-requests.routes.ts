import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../../contracts/common.ts';
import { GroupSlugParams, MeetingSlugParams } from '../../../contracts/meetings.ts';
import {
  ChangeRequestList,
  ChangeRequestParams,
  ChangeRequestQuery,
  ChangeRequestView,
  CreateChangeRequestBody,
  DecideChangeRequestBody,
  OwnChangeRequestList,
  OwnChangeRequestQuery,
  OwnChangeRequestView,
} from '../../../contracts/change-requests.ts';
import { requireActor } from '../../plugins/actor.ts';
import * as changeRequests from './meetings.change-requests.service.ts';
import type { MeetingsDeps } from './meetings.service.ts';

/** The meetings plugin's instance, typed by the zod provider. */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const tags = ['meetings'];
const readSecurity: { session?: string[] }[] = [{ session: [] }, {}];
const writeSecurity = [{ session: [], csrf: [] }];

/**
 * Suggested changes to a meeting's details (part of meetingsRoutes, registered by it):
 *
 * - `POST /meetings/:slug/change-requests` — suggest a change (signed in)
 * - `GET  /meetings/:slug/change-requests` · `/groups/:slug/change-requests` ·
 *   `/meeting-change-requests` — pending suggestions with a diff (staff)
 * - `GET  /meeting-change-requests/mine` — my suggestions
 * - `POST /meeting-change-requests/:id/accept|reject` (staff)
 */
export function registerChangeRequestRoutes(app: ZodApp, deps: MeetingsDeps): void {
  app.post(
    '/meetings/:slug/change-requests',
    {
      schema: {
        tags,
        summary: "Suggest a correction to a meeting's details (anyone signed in)",
        security: writeSecurity,
        params: MeetingSlugParams,
        body: CreateChangeRequestBody,
        response: { 201: OwnChangeRequestView, ...errorResponses(400, 401, 403, 404) },
      },
      config: { rateLimit: { max: 20, timeWindow: '1 hour' } },
    },
    async (request, reply) => {
      const created = await changeRequests.requestChange(
        deps,
        requireActor(request),
        request.params.slug,
        request.body,
      );
      return reply.code(201).send(created);
    },
  );

  // A meeting's or a group's pending suggestions: the same list, scoped by the path.
  const scopes = [
    {
      path: '/meetings/:slug/change-requests',
      summary: "A meeting's suggested changes, side by side with its details (staff)",
      params: MeetingSlugParams,
      scope: (slug: string) => ({ meetingSlug: slug }),
    },
    {
      path: '/groups/:slug/change-requests',
      summary: "Suggested changes to a group's meetings (staff)",
      params: GroupSlugParams,
      scope: (slug: string) => ({ groupSlug: slug }),
    },
  ] as const;
  for (const { path, summary, params, scope } of scopes) {
    app.get(
      path,
      {
        schema: {
          tags,
          summary,
          security: readSecurity,
          params,
          querystring: ChangeRequestQuery,
          response: { 200: ChangeRequestList, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({
        changeRequests: await changeRequests.listChangeRequestsFor(
          deps,
          requireActor(request),
          scope(request.params.slug),
          request.query.status,
        ),
      }),
    );
  }

  app.get(
    '/meeting-change-requests',
    {
      schema: {
        tags,
        summary: 'Every suggested change I may decide (admins: all; facilitators: their groups)',
        security: readSecurity,
        querystring: ChangeRequestQuery,
        response: { 200: ChangeRequestList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({
      changeRequests: await changeRequests.listChangeRequestInbox(
        deps,
        requireActor(request),
        request.query.status,
      ),
    }),
  );

  app.get(
    '/meeting-change-requests/mine',
    {
      schema: {
        tags,
        summary: 'The changes I suggested, newest first',
        security: readSecurity,
        querystring: OwnChangeRequestQuery,
        response: { 200: OwnChangeRequestList, ...errorResponses(400, 401) },
      },
    },
    async (request) => ({
      changeRequests: await changeRequests.listOwnChangeRequests(
        deps,
        requireActor(request),
        request.query.status,
      ),
    }),
  );

  for (const verdict of ['accept', 'reject'] as const) {
    app.post(
      `/meeting-change-requests/:id/${verdict}`,
      {
        schema: {
          tags,
          summary:
            verdict === 'accept'
              ? 'Accept a suggested change: it is applied like an edit (staff)'
              : 'Decline a suggested change (staff)',
          description: 'The person who suggested it gets an email (with the note, if any).',
          security: writeSecurity,
          params: ChangeRequestParams,
          body: DecideChangeRequestBody.nullish(),
          response: { 200: ChangeRequestView, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const decide =
          verdict === 'accept'
            ? changeRequests.acceptChangeRequest
            : changeRequests.rejectChangeRequest;
        return decide(deps, requireActor(request), request.params.id, request.body?.note);
      },
    );
  }
}
