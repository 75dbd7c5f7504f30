import fastifyEtag from '@fastify/etag';
import { errorResponses } from '../../../contracts/common.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CalendarFeedCreated,
  CalendarFeedStatus,
  CalendarTokenParams,
  ChangeRequestList,
  ChangeRequestParams,
  ChangeRequestQuery,
  ChangeRequestView,
  CreateChangeRequestBody,
  CreateMeetingBody,
  DecideChangeRequestBody,
  EndMeetingBody,
  GroupSlugParams,
  MeetingList,
  MeetingPage,
  MeetingQuery,
  MeetingSlugParams,
  MeetingView,
  OccurrenceExceptionList,
  OccurrenceParams,
  OccurrenceUpdated,
  OwnChangeRequestList,
  OwnChangeRequestQuery,
  OwnChangeRequestView,
  UpdateMeetingBody,
  UpdateOccurrenceBody,
} from '../../../contracts/meetings.ts';
import { noStore } from '../../plugins/no-store.ts';
import { requireActor } from '../../plugins/actor.ts';
import { policyContext } from '../../policies/index.ts';
import * as calendars from './meetings.calendar.service.ts';
import * as changeRequests from './meetings.change-requests.service.ts';
import * as occurrences from './meetings.occurrences.service.ts';
import * as meetings from './meetings.service.ts';

const tags = ['meetings'];
const calendarTags = ['calendars'];
const readSecurity: { session?: string[] }[] = [{ session: [] }, {}];
const writeSecurity = [{ session: [], csrf: [] }];

/**
 * Meeting series of groups, their occurrences, suggested changes and calendars.
 *
 * - `GET  /groups/:slug/meetings` · `POST /groups/:slug/meetings` — list / create (staff)
 * - `GET  /meetings/:slug` — the meeting page (public) · `PATCH` — edit (staff)
 * - `POST /meetings/:slug/end` — end the series (staff)
 * - `GET  /meetings/:slug/occurrences` — exceptions (staff)
 * - `PUT|DELETE /meetings/:slug/occurrences/:occurrenceId` — cancel, move, topic / undo (staff)
 * - `POST /meetings/:slug/change-requests` — suggest a change (signed in)
 * - `GET  /meetings/:slug/change-requests` · `/groups/:slug/change-requests` ·
 *   `/meeting-change-requests` — pending suggestions with a diff (staff)
 * - `GET  /meeting-change-requests/mine` — my suggestions
 * - `POST /meeting-change-requests/:id/accept|reject` (staff)
 * - `GET  /meetings/:slug/calendar.ics` · `/groups/:slug/calendar.ics` — iCalendar
 * - `GET|POST|DELETE /calendar/feed` — my private feed URL · `GET /calendar/:token.ics` — the feed
 */
export async function meetingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Conditional GETs: a matching If-None-Match gets 304 (routes set their own ETag, or one is
  // derived from the body).
  await app.register(fastifyEtag);
  const { config, database, clock, mailer } = app.deps;
  const deps: meetings.MeetingsDeps = {
    db: database.db,
    clock,
    policy: policyContext(config),
    mailer,
    publicUrl: config.publicUrl,
    directoryChanged: () => app.directoryEvents.changed(),
    logError: (err, message) => app.log.error({ err }, message),
  };
  const viewer = (request: FastifyRequest, tz: string | undefined): meetings.Viewer => ({
    tz,
    user: request.user,
  });

  // --- series ----------------------------------------------------------------------------

  app.get(
    '/groups/:slug/meetings',
    {
      schema: {
        tags,
        summary: "A group's meetings, each with its next occurrence",
        security: readSecurity,
        params: GroupSlugParams,
        querystring: MeetingQuery,
        response: { 200: MeetingList, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      meetings.listGroupMeetings(
        deps,
        request.actor,
        request.params.slug,
        viewer(request, request.query.tz),
      ),
  );

  app.post(
    '/groups/:slug/meetings',
    {
      schema: {
        tags,
        summary: 'Create a meeting series in a group (its facilitators and admins)',
        security: writeSecurity,
        params: GroupSlugParams,
        body: CreateMeetingBody,
        response: { 201: MeetingView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const view = await meetings.createMeeting(
        deps,
        requireActor(request),
        request.params.slug,
        request.body,
      );
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/meetings/:slug',
    {
      schema: {
        tags,
        summary:
          'The meeting page: details, next occurrences in both zones, directions, calendar links',
        description:
          "For a closed group's meeting, people outside the group see no address or ways to join " +
          '(`meeting.detailsHidden`).',
        security: readSecurity,
        params: MeetingSlugParams,
        querystring: MeetingQuery,
        response: { 200: MeetingPage, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      meetings.getMeetingPage(
        deps,
        request.actor,
        request.params.slug,
        viewer(request, request.query.tz),
      ),
  );

  app.patch(
    '/meetings/:slug',
    {
      schema: {
        tags,
        summary: "Change a meeting's details (staff of its group)",
        security: writeSecurity,
        params: MeetingSlugParams,
        body: UpdateMeetingBody,
        response: { 200: MeetingView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      meetings.updateMeeting(deps, requireActor(request), request.params.slug, request.body),
  );

  app.post(
    '/meetings/:slug/end',
    {
      schema: {
        tags,
        summary: 'End a series: it meets for the last time on endsOn (default today)',
        security: writeSecurity,
        params: MeetingSlugParams,
        body: EndMeetingBody.nullish(),
        response: { 200: MeetingView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      meetings.endMeeting(deps, requireActor(request), request.params.slug, request.body?.endsOn),
  );

  // --- occurrences -----------------------------------------------------------------------

  app.get(
    '/meetings/:slug/occurrences',
    {
      schema: {
        tags,
        summary: 'Cancelled, moved and annotated occurrences (staff)',
        security: readSecurity,
        params: MeetingSlugParams,
        response: { 200: OccurrenceExceptionList, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({
      exceptions: await occurrences.listMeetingExceptions(
        deps,
        requireActor(request),
        request.params.slug,
      ),
    }),
  );

  app.put(
    '/meetings/:slug/occurrences/:occurrenceId',
    {
      schema: {
        tags,
        summary: 'Cancel, move, or set the topic or literature of one occurrence (staff)',
        description:
          '`occurrenceId` is the scheduled local date (YYYY-MM-DD). Omitted fields stay; null clears.',
        security: writeSecurity,
        params: OccurrenceParams,
        body: UpdateOccurrenceBody,
        response: { 200: OccurrenceUpdated, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      exception: await occurrences.updateOccurrence(
        deps,
        requireActor(request),
        request.params.slug,
        request.params.occurrenceId,
        request.body,
      ),
    }),
  );

  app.delete(
    '/meetings/:slug/occurrences/:occurrenceId',
    {
      schema: {
        tags,
        summary: 'Undo: the occurrence happens as scheduled, without topic (staff)',
        security: writeSecurity,
        params: OccurrenceParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await occurrences.restoreOccurrence(
        deps,
        requireActor(request),
        request.params.slug,
        request.params.occurrenceId,
      );
      return reply.code(204).send(null);
    },
  );

  // --- change requests -------------------------------------------------------------------

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

  app.get(
    '/meetings/:slug/change-requests',
    {
      schema: {
        tags,
        summary: "A meeting's suggested changes, side by side with its details (staff)",
        security: readSecurity,
        params: MeetingSlugParams,
        querystring: ChangeRequestQuery,
        response: { 200: ChangeRequestList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      changeRequests: await changeRequests.listChangeRequestsFor(
        deps,
        requireActor(request),
        { meetingSlug: request.params.slug },
        request.query.status,
      ),
    }),
  );

  app.get(
    '/groups/:slug/change-requests',
    {
      schema: {
        tags,
        summary: "Suggested changes to a group's meetings (staff)",
        security: readSecurity,
        params: GroupSlugParams,
        querystring: ChangeRequestQuery,
        response: { 200: ChangeRequestList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      changeRequests: await changeRequests.listChangeRequestsFor(
        deps,
        requireActor(request),
        { groupSlug: request.params.slug },
        request.query.status,
      ),
    }),
  );

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

  // --- calendars -------------------------------------------------------------------------

  const sendCalendar = (
    request: FastifyRequest,
    reply: FastifyReply,
    file: calendars.CalendarFile,
    disposition: 'attachment' | 'inline',
  ) => {
    reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `${disposition}; filename="${file.filename}"`)
      .header('etag', file.etag)
      .header(
        'cache-control',
        file.isPublic ? 'public, max-age=300' : 'private, max-age=300, must-revalidate',
      )
      .header('x-robots-tag', 'noindex');
    if (!file.isPublic) reply.header('vary', 'cookie');
    return reply.send(file.body);
  };

  app.get(
    '/meetings/:slug/calendar.ics',
    {
      schema: {
        response: errorResponses(400, 404),
        tags: calendarTags,
        summary: 'One meeting as an iCalendar file (text/calendar)',
        security: readSecurity,
        params: MeetingSlugParams,
      },
    },
    async (request, reply) =>
      sendCalendar(
        request,
        reply,
        await calendars.meetingCalendarFile(deps, request.actor, request.params.slug),
        'attachment',
      ),
  );

  app.get(
    '/groups/:slug/calendar.ics',
    {
      schema: {
        response: errorResponses(400, 404),
        tags: calendarTags,
        summary: "A group's meetings as an iCalendar file (text/calendar)",
        security: readSecurity,
        params: GroupSlugParams,
      },
    },
    async (request, reply) =>
      sendCalendar(
        request,
        reply,
        await calendars.groupCalendarFile(deps, request.actor, request.params.slug),
        'attachment',
      ),
  );

  app.get(
    '/calendar/feed',
    {
      schema: {
        tags: calendarTags,
        summary: 'Whether I have a private "my meetings" calendar URL',
        security: [{ session: [] }],
        response: { 200: CalendarFeedStatus, ...errorResponses(401) },
      },
      onSend: noStore,
    },
    async (request) => calendars.calendarFeedStatus(deps, requireActor(request)),
  );

  app.post(
    '/calendar/feed',
    {
      schema: {
        tags: calendarTags,
        summary: 'Create my private calendar URL, or replace it (the old one stops working)',
        security: writeSecurity,
        response: { 201: CalendarFeedCreated, ...errorResponses(400, 401, 403) },
      },
      onSend: noStore,
    },
    async (request, reply) =>
      reply.code(201).send(await calendars.rotateCalendarFeed(deps, requireActor(request))),
  );

  app.delete(
    '/calendar/feed',
    {
      schema: {
        tags: calendarTags,
        summary: 'Turn off my private calendar URL',
        security: writeSecurity,
        response: { 204: z.null(), ...errorResponses(400, 401, 403) },
      },
      onSend: noStore,
    },
    async (request, reply) => {
      await calendars.revokeCalendarFeed(deps, requireActor(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/calendar/:token.ics',
    {
      schema: {
        response: errorResponses(404, 429),
        tags: calendarTags,
        summary: 'My meetings (the private feed; the secret URL is the key, no session needed)',
        params: CalendarTokenParams,
      },
    },
    async (request, reply) =>
      sendCalendar(
        request,
        reply,
        await calendars.privateCalendarFile(deps, request.params.token),
        'inline',
      ),
  );
}
