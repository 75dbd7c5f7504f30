import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CHECK_IN_ATTEMPTS,
  CHECK_IN_WINDOW_S,
  CheckInBody,
  CheckInCode,
  CheckInResult,
  MarkAttendanceBody,
  MyAttendancePage,
  MyAttendanceQuery,
  OccurrenceAttendance,
  OccurrenceAttendanceParams,
  PendingSurveyList,
  SurveyAggregate,
  SurveyAnswered,
  SurveyBody,
} from '../../../contracts/attendance.ts';
import { errorResponses } from '../../../contracts/common.ts';
import { createAttemptLimiter } from '../../lib/rate-limit.ts';
import { SecretBox } from '../../lib/secret-box.ts';
import { requireActor } from '../../plugins/actor.ts';
import { markAnswersPersonal } from '../../plugins/no-store.ts';
import { serviceDeps } from '../service-deps.ts';
import * as attendance from './attendance.service.ts';
import { checkInKey } from './attendance.rules.ts';

const tags = ['attendance'];
const readSecurity = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const occurrencePath = '/meetings/:slug/occurrences/:occurrenceId';

/**
 * Attendance and the after-meeting question. Every answer is personal (`no-store`).
 *
 * - `GET /me/attendance` — my attendance, paged · `GET /me/attendance/surveys` — my open questions
 * - `GET|PUT /meetings/:slug/occurrences/:occurrenceId/attendance` — who came / mark (staff)
 * - `GET .../check-in-code` (staff) · `POST .../check-in` (members, in person)
 * - `POST .../survey` (those who attended) · `GET .../survey` — the aggregate (staff, from 5)
 */
export async function attendanceRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config, redis } = app.deps;
  const deps: attendance.AttendanceDeps = {
    ...serviceDeps(app),
    checkInKey: checkInKey(config.sessionSecret),
    surveyBox: new SecretBox(config.sessionSecret, 'survey-answer'),
    checkInLimiter: createAttemptLimiter({
      name: 'attendance-check-in',
      points: CHECK_IN_ATTEMPTS,
      windowSeconds: CHECK_IN_WINDOW_S,
      ...(redis ? { redis } : {}),
    }),
  };
  markAnswersPersonal(app);
  // Online attendance: the live rooms say who came in and who left (unless a test set hooks).
  app.realtime.roomsDeps.presenceHooks ??= {
    joined: (event) => attendance.onlineJoined(deps, event),
    left: (event) => attendance.onlineLeft(deps, event),
  };
  await attendance.registerAttendanceJobs(app.jobs, deps);

  app.get(
    '/me/attendance',
    {
      schema: {
        tags,
        summary: 'My attendance: the meetings I came to, latest first',
        security: readSecurity,
        querystring: MyAttendanceQuery,
        response: { 200: MyAttendancePage, ...errorResponses(400, 401) },
      },
    },
    async (request) => attendance.listMyAttendance(deps, requireActor(request), request.query.page),
  );

  app.get(
    '/me/attendance/surveys',
    {
      schema: {
        tags,
        summary: 'The after-meeting questions I can still answer (or change)',
        security: readSecurity,
        response: { 200: PendingSurveyList, ...errorResponses(401) },
      },
    },
    async (request) => attendance.listMySurveys(deps, requireActor(request)),
  );

  app.get(
    `${occurrencePath}/attendance`,
    {
      schema: {
        tags,
        summary: "Who came to one occurrence (the group's facilitators; admins, audited)",
        security: readSecurity,
        params: OccurrenceAttendanceParams,
        response: { 200: OccurrenceAttendance, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      attendance.getOccurrenceAttendance(
        deps,
        requireActor(request),
        request.params.slug,
        request.params.occurrenceId,
      ),
  );

  app.put(
    `${occurrencePath}/attendance`,
    {
      schema: {
        tags,
        summary: 'Mark people present or not at one occurrence (facilitators, admins)',
        security: writeSecurity,
        params: OccurrenceAttendanceParams,
        body: MarkAttendanceBody,
        response: { 200: OccurrenceAttendance, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      attendance.markAttendance(
        deps,
        requireActor(request),
        request.params.slug,
        request.params.occurrenceId,
        request.body,
      ),
  );

  app.get(
    `${occurrencePath}/check-in-code`,
    {
      schema: {
        tags,
        summary: "The occurrence's check-in code, to show in the room (facilitators, admins)",
        security: readSecurity,
        params: OccurrenceAttendanceParams,
        response: { 200: CheckInCode, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      attendance.getCheckInCode(
        deps,
        requireActor(request),
        request.params.slug,
        request.params.occurrenceId,
      ),
  );

  app.post(
    `${occurrencePath}/check-in`,
    {
      schema: {
        tags,
        summary: 'Check in to an in-person occurrence with the code shown there',
        description:
          `Works from 30 minutes before the start until the end. ${CHECK_IN_ATTEMPTS} wrong ` +
          'codes per person and occurrence, then 429 for a while.',
        security: writeSecurity,
        params: OccurrenceAttendanceParams,
        body: CheckInBody,
        response: { 200: CheckInResult, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request) =>
      attendance.checkIn(
        deps,
        requireActor(request),
        request.params.slug,
        request.params.occurrenceId,
        request.body,
      ),
  );

  app.post(
    `${occurrencePath}/survey`,
    {
      schema: {
        tags,
        summary: '"How helpful was today\'s meeting?" (1–5, optional comment): answer or change',
        description:
          'For people who attended, until 7 days after the end. The answer is stored without ' +
          'a link to the person that anyone can read.',
        security: writeSecurity,
        params: OccurrenceAttendanceParams,
        body: SurveyBody,
        response: { 200: SurveyAnswered, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      attendance.answerSurvey(
        deps,
        requireActor(request),
        request.params.slug,
        request.params.occurrenceId,
        request.body,
      ),
  );

  app.get(
    `${occurrencePath}/survey`,
    {
      schema: {
        tags,
        summary: 'The answers to the question, as counts, from 5 answers on (facilitators, admins)',
        security: readSecurity,
        params: OccurrenceAttendanceParams,
        response: { 200: SurveyAggregate, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      attendance.getSurveyAggregate(
        deps,
        requireActor(request),
        request.params.slug,
        request.params.occurrenceId,
      ),
  );
}
