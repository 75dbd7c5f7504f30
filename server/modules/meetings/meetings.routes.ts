import fastifyEtag from '@fastify/etag';
import { errorResponses } from '../../../contracts/common.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CalendarFeedCreated,
  CalendarFeedStatus,
  CalendarTokenParams,
  CreateMeetingBody,
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
  UpdateMeetingBody,
  UpdateOccurrenceBody,
} from '../../../contracts/meetings.ts';
import { requestLanguage } from '../../i18n/index.ts';
import { noStore } from '../../plugins/no-store.ts';
import { requireActor } from '../../plugins/actor.ts';
import { serviceDeps } from '../service-deps.ts';
import * as calendars from './meetings.calendar.service.ts';
import { registerChangeRequestRoutes } from './meetings.change-requests.routes.ts';
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
 * - suggested changes: meetings.change-requests.routes.ts
 * - `GET  /meetings/:slug/calendar.ics` · `/groups/:slug/calendar.ics` — iCalendar
 * - `GET|POST|DELETE /calendar/feed` — my private feed URL · `GET /calendar/:token.ics` — the feed
 */
export async function meetingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Conditional GETs: a matching If-None-Match gets 304 (routes set their own ETag, or one is
  // derived from the body).
  await app.register(fastifyEtag);
  const deps = serviceDeps(app);

  const viewer = (request: FastifyRequest, tz: string | undefined): meetings.Viewer => ({
    tz,
    user: request.user,
  });

  /** A member's view of a closed group's meetings is personal: no cache may keep it. */
  const send = <T>(reply: FastifyReply, answer: meetings.Answer<T>): T => {
    if (answer.personal) reply.header('cache-control', 'no-store');
    return answer.body;
  };

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
    async (request, reply) =>
      send(
        reply,
        await meetings.listGroupMeetings(
          deps,
          request.actor,
          request.params.slug,
          viewer(request, request.query.tz),
        ),
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
          "For a closed group's meeting, people outside the group see no place, ways to join, " +
          'notes, topics or readings (`meeting.detailsHidden`); a member’s view carries ' +
          '`Cache-Control: no-store`.',
        security: readSecurity,
        params: MeetingSlugParams,
        querystring: MeetingQuery,
        response: { 200: MeetingPage, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await meetings.getMeetingPage(
          deps,
          request.actor,
          request.params.slug,
          viewer(request, request.query.tz),
        ),
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

  registerChangeRequestRoutes(app, deps);

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
        // A closed group's calendar and the private feed are personal answers: never stored.
        file.isPublic ? 'public, max-age=300' : 'private, no-store',
      )
      .header('x-robots-tag', 'noindex');
    // The calendar's own words are in the requester's language: their saved one (the
    // session cookie) or their browser's. A matching If-None-Match gets 304 (@fastify/etag).
    reply.header('vary', 'cookie, accept-language');
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
        await calendars.meetingCalendarFile(
          deps,
          request.actor,
          request.params.slug,
          requestLanguage(request),
        ),
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
        await calendars.groupCalendarFile(
          deps,
          request.actor,
          request.params.slug,
          requestLanguage(request),
        ),
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
